# layers_hw3_loops.py
# I did the backward passes with explicit loops over the samples first so I
# could see what every term is. Vectorize later maybe.
import numpy as np


def affine_forward(x, w, b):
    N = x.shape[0]
    M = w.shape[1]
    out = np.zeros((N, M))
    for i in range(N):
        out[i] = x[i] @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    N = x.shape[0]
    dx = np.zeros_like(x, dtype=float)
    dw = np.zeros_like(w, dtype=float)
    for i in range(N):
        dx[i] = w @ dout[i]
        dw += np.outer(x[i], dout[i])
    db = np.mean(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    return np.where(x > 0, x, 0.0), x


def relu_backward(dout, cache):
    x = cache
    return np.where(x > 0, dout, 0.0)


def sigmoid_forward(x):
    # 0.5 * (1 + tanh(x/2)) is the same function and never overflows
    out = 0.5 * (1.0 + np.tanh(0.5 * x))
    return out, out


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1.0 - s)


def softmax_loss(x, y):
    N, C = x.shape
    loss = 0.0
    dx = np.zeros((N, C))
    for i in range(N):
        z = x[i] - np.max(x[i])
        logsum = np.log(np.sum(np.exp(z)))
        loss += -(z[y[i]] - logsum)
        p = np.exp(z - logsum)
        p[y[i]] -= 1.0
        dx[i] = p / N
    return float(loss / N), dx


def mse_loss(pred, target):
    N = pred.shape[0]
    loss = np.mean((pred - target) ** 2)
    dpred = 2.0 * (pred - target) / N
    return float(loss), dpred


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in ("sigmoid", "relu"):
            raise ValueError("activation must be sigmoid or relu")
        self.activation = activation
        dims = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for i in range(3):
            self.params["W%d" % (i + 1)] = rng.standard_normal((dims[i], dims[i + 1])) / np.sqrt(dims[i])
            self.params["b%d" % (i + 1)] = np.zeros(dims[i + 1])

    def loss(self, X, y=None):
        if self.activation == "relu":
            fwd, bwd = relu_forward, relu_backward
        else:
            fwd, bwd = sigmoid_forward, sigmoid_backward
        caches = []
        h = X
        for i in (1, 2):
            h, c_aff = affine_forward(h, self.params["W%d" % i], self.params["b%d" % i])
            h, c_act = fwd(h)
            caches.append((c_aff, c_act))
        scores, c3 = affine_forward(h, self.params["W3"], self.params["b3"])
        if y is None:
            return scores
        loss, d = softmax_loss(scores, y)
        grads = {}
        d, grads["W3"], grads["b3"] = affine_backward(d, c3)
        for i in (2, 1):
            c_aff, c_act = caches[i - 1]
            d = bwd(d, c_act)
            d, grads["W%d" % i], grads["b%d" % i] = affine_backward(d, c_aff)
        return loss, grads
