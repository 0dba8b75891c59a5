"""Modular layers assignment -- Tom R."""
import numpy as np


def affine_forward(x, w, b):
    out = x @ w + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(0, x)
    return out, x


def relu_backward(dout, cache):
    x = cache
    dx = dout * (x > 0)
    return dx


def sigmoid_forward(x):
    out = np.empty_like(x, dtype=float)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out, out


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1 - s)


def softmax(x):
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def softmax_loss(x, y):
    N = x.shape[0]
    z = x - np.max(x, axis=1, keepdims=True)
    log_p = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    p = np.exp(log_p)
    loss = -np.mean(log_p[np.arange(N), y])
    dx = p.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return float(loss), dx


def mse_loss(pred, target):
    diff = pred - target
    loss = np.mean(diff ** 2)
    dpred = 2 * diff / diff.size
    return float(loss), dpred


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation == "sigmoid":
            self.act_f, self.act_b = sigmoid_forward, sigmoid_backward
        elif activation == "relu":
            self.act_f, self.act_b = relu_forward, relu_backward
        else:
            raise ValueError("unknown activation " + str(activation))
        self.params = {}
        self.params["W1"] = rng.standard_normal((input_dim, hidden1)) / np.sqrt(input_dim)
        self.params["b1"] = np.zeros(hidden1)
        self.params["W2"] = rng.standard_normal((hidden1, hidden2)) / np.sqrt(hidden1)
        self.params["b2"] = np.zeros(hidden2)
        self.params["W3"] = rng.standard_normal((hidden2, output_dim)) / np.sqrt(hidden2)
        self.params["b3"] = np.zeros(output_dim)

    def loss(self, X, y=None):
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]

        z1, fc1 = affine_forward(X, W1, b1)
        h1, ac1 = self.act_f(z1)
        z2, fc2 = affine_forward(h1, W2, b2)
        h2, ac2 = self.act_f(z2)
        scores, fc3 = affine_forward(h2, W3, b3)
        scores = softmax(scores)   # turn scores into class probabilities

        if y is None:
            return scores

        loss, dscores = softmax_loss(scores, y)
        grads = {}
        dh2, grads["W3"], grads["b3"] = affine_backward(dscores, fc3)
        dz2 = self.act_b(dh2, ac2)
        dh1, grads["W2"], grads["b2"] = affine_backward(dz2, fc2)
        dz1 = self.act_b(dh1, ac1)
        _, grads["W1"], grads["b1"] = affine_backward(dz1, fc1)
        return loss, grads
