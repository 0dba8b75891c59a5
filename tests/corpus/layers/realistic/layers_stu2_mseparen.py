# Assignment 5: modular layers (forward / backward pairs)
# Student: Jakub Kowalski
#
# cs231n style. caches are tuples.

import numpy as np


def affine_forward(x, w, b):
    out = np.dot(x, w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    dx = np.dot(dout, w.T)
    dw = np.dot(x.T, dout)
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
    x = np.asarray(x, dtype=float)
    out = np.exp(-np.logaddexp(0, -x))
    return out, out


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1 - s)


def softmax_loss(x, y):
    N = x.shape[0]
    shifted = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted), axis=1, keepdims=True)
    log_probs = shifted - np.log(Z)
    probs = np.exp(log_probs)
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return float(loss), dx


def mse_loss(pred, target):
    N, K = pred.shape
    diff = pred - target
    loss = np.sum(diff ** 2) / (N * K)
    dpred = 2 * diff / N * K
    return float(loss), dpred


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in ("sigmoid", "relu"):
            raise ValueError("unknown activation: " + str(activation))
        self.activation = activation
        dims = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for i in range(3):
            self.params["W%d" % (i + 1)] = rng.standard_normal((dims[i], dims[i + 1])) / np.sqrt(dims[i])
            self.params["b%d" % (i + 1)] = np.zeros(dims[i + 1])

    def loss(self, X, y=None):
        if self.activation == "relu":
            act_f, act_b = relu_forward, relu_backward
        else:
            act_f, act_b = sigmoid_forward, sigmoid_backward
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]

        z1, fc1 = affine_forward(X, W1, b1)
        h1, ac1 = act_f(z1)
        z2, fc2 = affine_forward(h1, W2, b2)
        h2, ac2 = act_f(z2)
        scores, fc3 = affine_forward(h2, W3, b3)
        if y is None:
            return scores

        loss, dscores = softmax_loss(scores, y)
        grads = {}
        dh2, grads["W3"], grads["b3"] = affine_backward(dscores, fc3)
        dz2 = act_b(dh2, ac2)
        dh1, grads["W2"], grads["b2"] = affine_backward(dz2, fc2)
        dz1 = act_b(dh1, ac1)
        _, grads["W1"], grads["b1"] = affine_backward(dz1, fc1)
        return loss, grads
