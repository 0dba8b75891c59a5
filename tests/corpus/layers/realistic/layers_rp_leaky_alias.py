"""Modular layers (CS231n style).  H. Achebe

I use a leaky ReLU (slope 0.01 for negative inputs) so that no unit dies.
"""
import numpy as np


def affine_forward(x, w, b):
    out = x @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


def relu_forward(x):
    z = x
    out = np.where(z > 0, z, 0.01 * z)
    return out, z


def relu_backward(dout, cache):
    return dout * (cache > 0)


def sigmoid_forward(x):
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return out, out


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1.0 - s)


def softmax_loss(x, y):
    n = x.shape[0]
    z = x - x.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -logp[np.arange(n), y].sum() / n
    dx = np.exp(logp)
    dx[np.arange(n), y] -= 1.0
    return float(loss), dx / n


def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff ** 2)), 2.0 * diff / diff.size


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in ("sigmoid", "relu"):
            raise ValueError(activation)
        self.activation = activation
        dims = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for i in range(3):
            self.params["W%d" % (i + 1)] = rng.standard_normal((dims[i], dims[i + 1])) / np.sqrt(dims[i])
            self.params["b%d" % (i + 1)] = np.zeros(dims[i + 1])

    def loss(self, X, y=None):
        p = self.params
        if self.activation == "relu":
            fwd, bwd = relu_forward, relu_backward
        else:
            fwd, bwd = sigmoid_forward, sigmoid_backward
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
