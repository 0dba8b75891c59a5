"""Modular layers. All fully-connected layers go through one helper."""
import functools

import numpy as np


def _linear(x, w, b, activation=None):
    out = x @ w + b
    if activation == "relu":
        out = np.maximum(out, 0.0)
    return out


# the hidden layers of my nets are affine + relu
_dense = functools.partial(_linear, activation="relu")


def affine_forward(x, w, b):
    out = _dense(x, w, b)
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    return np.maximum(x, 0.0), x


def relu_backward(dout, cache):
    return np.where(cache > 0, dout, 0.0)


def sigmoid_forward(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return s, s


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1.0 - s)


def softmax_loss(x, y):
    z = x - x.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    n = x.shape[0]
    loss = -logp[np.arange(n), y].mean()
    p = np.exp(logp)
    p[np.arange(n), y] -= 1.0
    return float(loss), p / n


def mse_loss(pred, target):
    d = pred - target
    return float((d ** 2).mean()), 2.0 * d / d.size


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
        p = self.params
        if self.activation == "relu":
            act_f, act_b = relu_forward, relu_backward
        else:
            act_f, act_b = sigmoid_forward, sigmoid_backward
        h, c1 = affine_forward(X, p["W1"], p["b1"])
        h, c2 = act_f(h)
        h, c3 = affine_forward(h, p["W2"], p["b2"])
        h, c4 = act_f(h)
        scores, c5 = affine_forward(h, p["W3"], p["b3"])
        if y is None:
            return scores
        loss, d = softmax_loss(scores, y)
        grads = {}
        d, grads["W3"], grads["b3"] = affine_backward(d, c5)
        d, grads["W2"], grads["b2"] = affine_backward(act_b(d, c4), c3)
        _, grads["W1"], grads["b1"] = affine_backward(act_b(d, c2), c1)
        return loss, grads
