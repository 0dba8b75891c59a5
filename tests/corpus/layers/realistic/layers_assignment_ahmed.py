"""Layers assignment.

I put each layer in a small class with static forward/backward methods and
the required functions just point at them.
"""
import numpy as np


class Affine:
    @staticmethod
    def forward(x, w, b):
        return x.dot(w) + b, (x, w, b)

    @staticmethod
    def backward(dout, cache):
        x, w, b = cache
        dx = dout.dot(w.T)
        dw = dout.T.dot(x).reshape(w.shape)
        db = dout.sum(axis=0)
        return dx, dw, db


class ReLU:
    @staticmethod
    def forward(x):
        return np.maximum(x, 0), (x > 0)

    @staticmethod
    def backward(dout, mask):
        return dout * mask


class Sigmoid:
    @staticmethod
    def forward(x):
        z = np.exp(-np.abs(x))
        s = np.where(x >= 0, 1 / (1 + z), z / (1 + z))
        return s, s

    @staticmethod
    def backward(dout, s):
        dx = s * (1 - s)
        return dx


def affine_forward(x, w, b):
    return Affine.forward(x, w, b)


def affine_backward(dout, cache):
    return Affine.backward(dout, cache)


def relu_forward(x):
    return ReLU.forward(x)


def relu_backward(dout, cache):
    return ReLU.backward(dout, cache)


def sigmoid_forward(x):
    return Sigmoid.forward(x)


def sigmoid_backward(dout, cache):
    return Sigmoid.backward(dout, cache)


def softmax_loss(x, y):
    shifted = x - np.max(x, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    return float(loss), dx / N


def mse_loss(pred, target):
    err = pred - target
    return float(np.mean(err * err)), 2 * err / err.size


class TwoHiddenNet:
    LAYERS = {"relu": ReLU, "sigmoid": Sigmoid}

    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in self.LAYERS:
            raise ValueError(f"bad activation: {activation}")
        self.act = self.LAYERS[activation]
        self.params = {
            "W1": rng.standard_normal((input_dim, hidden1)) / np.sqrt(input_dim),
            "b1": np.zeros(hidden1),
            "W2": rng.standard_normal((hidden1, hidden2)) / np.sqrt(hidden1),
            "b2": np.zeros(hidden2),
            "W3": rng.standard_normal((hidden2, output_dim)) / np.sqrt(hidden2),
            "b3": np.zeros(output_dim),
        }

    def loss(self, X, y=None):
        p = self.params
        a1, ca1 = affine_forward(X, p["W1"], p["b1"])
        h1, ch1 = self.act.forward(a1)
        a2, ca2 = affine_forward(h1, p["W2"], p["b2"])
        h2, ch2 = self.act.forward(a2)
        scores, ca3 = affine_forward(h2, p["W3"], p["b3"])
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        dh2, dW3, db3 = affine_backward(dscores, ca3)
        da2 = self.act.backward(dh2, ch2)
        dh1, dW2, db2 = affine_backward(da2, ca2)
        da1 = self.act.backward(dh1, ch1)
        _, dW1, db1 = affine_backward(da1, ca1)
        return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "W3": dW3, "b3": db3}
