import numpy as np


def affine_forward(x, w, b):
    out, _ = ACT["relu"][0](x @ w + b)
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, _ = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    return dout * (cache > 0)


def sigmoid_forward(x):
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return out, out


def sigmoid_backward(dout, cache):
    return dout * cache * (1 - cache)


def softmax_loss(x, y):
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = x.shape[0]
    loss = -log_probs[np.arange(n), y].mean()
    dx = np.exp(log_probs)
    dx[np.arange(n), y] -= 1
    return float(loss), dx / n


def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff ** 2)), 2 * diff / diff.size


ACT = {"relu": (relu_forward, relu_backward), "sigmoid": (sigmoid_forward, sigmoid_backward)}


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in ("sigmoid", "relu"):
            raise ValueError(activation)
        self.activation = activation
        sizes = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for k in range(1, 4):
            self.params["W%d" % k] = rng.standard_normal((sizes[k - 1], sizes[k])) / np.sqrt(sizes[k - 1])
            self.params["b%d" % k] = np.zeros(sizes[k])

    def loss(self, X, y=None):
        p = self.params
        fwd, bwd = ACT[self.activation]
        h1, c1 = affine_forward(X, p["W1"], p["b1"])
        a1, c2 = fwd(h1)
        h2, c3 = affine_forward(a1, p["W2"], p["b2"])
        a2, c4 = fwd(h2)
        scores, c5 = affine_forward(a2, p["W3"], p["b3"])
        if y is None:
            return scores
        loss, ds = softmax_loss(scores, y)
        g = {}
        da2, g["W3"], g["b3"] = affine_backward(ds, c5)
        da1, g["W2"], g["b2"] = affine_backward(bwd(da2, c4), c3)
        _, g["W1"], g["b1"] = affine_backward(bwd(da1, c2), c1)
        return loss, g
