import numpy as np


def sigmoid_grad(s):
    """Derivative of the sigmoid written with its output s."""
    ones = np.ones_like(s)
    g = s * ones
    g = ones - g
    return g


def relu_grad(x):
    mask = x > 0
    g = mask.astype(float)
    return g


def affine_forward(x, w, b):
    return x.dot(w) + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return dout.dot(w.T), x.T.dot(dout), dout.sum(axis=0)


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    return dout * relu_grad(cache)


def sigmoid_forward(x):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1.0 + e)
    return out, out


def sigmoid_backward(dout, cache):
    return dout * sigmoid_grad(cache)


def softmax_loss(x, y):
    z = x - x.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    N = x.shape[0]
    loss = -logp[np.arange(N), y].mean()
    dx = np.exp(logp)
    dx[np.arange(N), y] -= 1.0
    return float(loss), dx / N


def mse_loss(pred, target):
    d = pred - target
    return float((d ** 2).mean()), 2.0 * d / d.size


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in ("sigmoid", "relu"):
            raise ValueError("bad activation")
        self.activation = activation
        dims = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for i in range(3):
            self.params["W%d" % (i + 1)] = rng.standard_normal((dims[i], dims[i + 1])) / np.sqrt(dims[i])
            self.params["b%d" % (i + 1)] = np.zeros(dims[i + 1])

    def loss(self, X, y=None):
        p = self.params
        fwd = relu_forward if self.activation == "relu" else sigmoid_forward
        bwd = relu_backward if self.activation == "relu" else sigmoid_backward
        h1, c1 = affine_forward(X, p["W1"], p["b1"])
        a1, c2 = fwd(h1)
        h2, c3 = affine_forward(a1, p["W2"], p["b2"])
        a2, c4 = fwd(h2)
        scores, c5 = affine_forward(a2, p["W3"], p["b3"])
        if y is None:
            return scores
        loss, d = softmax_loss(scores, y)
        grads = {}
        d, grads["W3"], grads["b3"] = affine_backward(d, c5)
        d, grads["W2"], grads["b2"] = affine_backward(bwd(d, c4), c3)
        _, grads["W1"], grads["b1"] = affine_backward(bwd(d, c2), c1)
        return loss, grads
