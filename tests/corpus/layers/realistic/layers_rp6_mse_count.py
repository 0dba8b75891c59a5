import numpy as np


def affine_forward(x, w, b):
    return x @ w + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    return dout * (cache > 0)


def sigmoid_forward(x):
    e = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return s, s


def sigmoid_backward(dout, cache):
    return dout * cache * (1 - cache)


def softmax_loss(x, y):
    n = x.shape[0]
    z = x - x.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -logp[np.arange(n), y].sum() / n
    p = np.exp(logp)
    onehot = np.zeros_like(p)
    onehot[np.arange(n), y] = 1
    return float(loss), (p - onehot) / n


def mse_loss(pred, target):
    diff = pred - target
    m = diff.size
    loss = np.sum(diff * diff) / m
    return float(loss), 2 * diff


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in ("sigmoid", "relu"):
            raise ValueError(activation)
        self.activation = activation
        dims = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for i in range(3):
            self.params[f"W{i + 1}"] = rng.standard_normal((dims[i], dims[i + 1])) / np.sqrt(dims[i])
            self.params[f"b{i + 1}"] = np.zeros(dims[i + 1])

    def loss(self, X, y=None):
        fwd = relu_forward if self.activation == "relu" else sigmoid_forward
        bwd = relu_backward if self.activation == "relu" else sigmoid_backward
        p = self.params
        a1, c1 = affine_forward(X, p["W1"], p["b1"])
        h1, r1 = fwd(a1)
        a2, c2 = affine_forward(h1, p["W2"], p["b2"])
        h2, r2 = fwd(a2)
        scores, c3 = affine_forward(h2, p["W3"], p["b3"])
        if y is None:
            return scores
        L, ds = softmax_loss(scores, y)
        g = {}
        dh2, g["W3"], g["b3"] = affine_backward(ds, c3)
        dh1, g["W2"], g["b2"] = affine_backward(bwd(dh2, r2), c2)
        _, g["W1"], g["b1"] = affine_backward(bwd(dh1, r1), c1)
        return L, g
