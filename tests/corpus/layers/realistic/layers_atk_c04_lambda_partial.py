from functools import partial

import numpy as np

_relu = lambda z: np.maximum(z, 0.0)
relu_grad = lambda z: (z > 0).astype(float)


def _dense(x, w, b, act=None):
    z = x @ w + b
    return z if act is None else act(z)


def affine_forward(x, w, b):
    out = partial(_dense, act=None)(x, w, b)
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, _ = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    return _relu(x), x


def relu_backward(dout, cache):
    return dout * relu_grad(cache)


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def dsigmoid(s):
    return s * (1.0 - s)


def sigmoid_forward(x):
    out = sigmoid(x)
    return out, out


def sigmoid_backward(dout, cache):
    return dout * dsigmoid(cache)


def softmax_loss(x, y):
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = x.shape[0]
    probs = np.exp(log_probs)
    loss = -log_probs[np.arange(n), y].mean()
    dx = probs.copy()
    dx[np.arange(n), y] -= 1
    return float(loss), dx / n


def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff ** 2)), 2 * diff / diff.size


LAYERS = {"relu": (relu_forward, relu_backward), "sigmoid": (sigmoid_forward, sigmoid_backward)}


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in LAYERS:
            raise ValueError(activation)
        self.activation = activation
        sizes = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for k in range(1, 4):
            self.params["W%d" % k] = rng.standard_normal((sizes[k - 1], sizes[k])) / np.sqrt(sizes[k - 1])
            self.params["b%d" % k] = np.zeros(sizes[k])

    def loss(self, X, y=None):
        p = self.params
        fwd, bwd = LAYERS[self.activation]
        caches = []
        a = X
        for k in (1, 2, 3):
            a, c = affine_forward(a, p["W%d" % k], p["b%d" % k])
            caches.append(c)
            if k < 3:
                a, c = fwd(a)
                caches.append(c)
        if y is None:
            return a
        loss, d = softmax_loss(a, y)
        grads = {}
        for k in (3, 2, 1):
            d, grads["W%d" % k], grads["b%d" % k] = affine_backward(d, caches.pop())
            if k > 1:
                d = bwd(d, caches.pop())
        return loss, grads
