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
    n = len(y)
    z = x - x.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    dx = np.exp(logp)
    dx[np.arange(n), y] -= 1
    return float(-logp[np.arange(n), y].mean()), dx / n


def mse_loss(pred, target):
    r = pred - target
    return float(np.mean(r ** 2)), 2 * r / r.size


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        acts = {"sigmoid": (sigmoid_forward, sigmoid_backward), "relu": (relu_forward, relu_backward)}
        if activation not in acts:
            raise ValueError(activation)
        self.fwd, self.bwd = acts[activation]
        dims = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for i in range(3):
            self.params[f"W{i+1}"] = rng.standard_normal((dims[i], dims[i+1])) / np.sqrt(dims[i])
            self.params[f"b{i+1}"] = np.zeros(dims[i+1])

    def loss(self, X, y=None):
        caches = []
        h = X
        for i in (1, 2, 3):
            h, c = affine_forward(h, self.params[f"W{i}"], self.params[f"b{i}"])
            caches.append(c)
            if i < 3:
                h, c = self.fwd(h)
                caches.append(c)
        if y is None:
            return h
        loss, d = softmax_loss(h, y)
        grads = {}
        for i in (3, 2, 1):
            if i < 3:
                d = self.bwd(d, caches.pop())
            d, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(d, caches.pop())
        return loss, grads
