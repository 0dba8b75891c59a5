"""Layers with dictionary caches (named fields instead of tuple positions)."""
import numpy as np


def affine_forward(x, w, b):
    out = x @ w + b
    return out, {"x": x, "w": w, "b": b}


def affine_backward(dout, cache):
    dx = dout @ cache["w"].T
    dw = cache["x"].T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


def relu_forward(x):
    mask = x > 0
    return x * mask, {"mask": mask}


def relu_backward(dout, cache):
    return np.where(cache["mask"], dout, 0.0)


def _stable_sigmoid(x):
    out = np.empty_like(x, dtype=float)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


def sigmoid_forward(x):
    x = np.asarray(x, dtype=float)
    s = _stable_sigmoid(x)
    return s, {"x": x, "s": s}


def sigmoid_backward(dout, cache):
    s = cache["s"]
    return dout * (s - s * s)


def softmax_loss(x, y):
    n = len(y)
    z = x - x.max(axis=1)[:, None]
    exp_z = np.exp(z)
    p = exp_z / exp_z.sum(axis=1)[:, None]
    correct = z[np.arange(n), y] - np.log(exp_z.sum(axis=1))
    loss = float(-correct.mean())
    onehot = np.zeros_like(p)
    onehot[np.arange(n), y] = 1.0
    return loss, (p - onehot) / n


def mse_loss(pred, target):
    r = pred - target
    return float((r * r).mean()), 2.0 * r / r.size


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        acts = {"sigmoid": (sigmoid_forward, sigmoid_backward), "relu": (relu_forward, relu_backward)}
        if activation not in acts:
            raise ValueError(f"activation must be sigmoid or relu, got {activation}")
        self.act_forward, self.act_backward = acts[activation]
        dims = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for i in range(3):
            self.params["W%d" % (i + 1)] = rng.standard_normal((dims[i], dims[i + 1])) / np.sqrt(dims[i])
            self.params["b%d" % (i + 1)] = np.zeros(dims[i + 1])

    def loss(self, X, y=None):
        caches = {}
        h = X
        for i in (1, 2, 3):
            h, caches["fc%d" % i] = affine_forward(h, self.params["W%d" % i], self.params["b%d" % i])
            if i < 3:
                h, caches["act%d" % i] = self.act_forward(h)
        if y is None:
            return h
        loss, dh = softmax_loss(h, y)
        grads = {}
        for i in (3, 2, 1):
            if i < 3:
                dh = self.act_backward(dh, caches["act%d" % i])
            dh, grads["W%d" % i], grads["b%d" % i] = affine_backward(dh, caches["fc%d" % i])
        return loss, grads
