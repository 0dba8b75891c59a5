import numpy as np


def affine_forward(x, w, b):
    out = np.dot(x, w) + b
    cache = (x, w)
    return out, cache


def affine_backward(dout, cache):
    x, w = cache
    dx = np.dot(dout, w.T)
    dw = np.dot(x.T, dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    return np.where(x > 0, x, 0.0), x


def relu_backward(dout, cache):
    mask = cache > 0
    return np.where(mask, dout, 0.0)


def sigmoid_forward(x):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    p = x >= 0
    out[p] = 1.0 / (1.0 + np.exp(-x[p]))
    e = np.exp(x[~p])
    out[~p] = e / (1.0 + e)
    return out, out


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1.0 - s)


def _num_entries(a):
    """How many numbers the mean runs over."""
    return a.size


def _log_softmax_row(row):
    m = np.max(row)
    return row - m - np.log(np.sum(np.exp(row - m)))


def softmax_loss(x, y):
    N = x.shape[0]
    total = 0.0
    dx = np.zeros_like(x, dtype=float)
    for i in range(N):
        logp = _log_softmax_row(x[i])
        total -= logp[y[i]]
        dx[i] = np.exp(logp)
        dx[i, y[i]] -= 1.0
    loss = total / N
    dx /= N
    return float(loss), dx


def mse_loss(pred, target):
    diff = pred - target
    count = _num_entries(diff)
    loss = np.sum(diff ** 2) / count
    return float(loss), 2.0 * diff / count


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation == "sigmoid":
            self.act_f, self.act_b = sigmoid_forward, sigmoid_backward
        elif activation == "relu":
            self.act_f, self.act_b = relu_forward, relu_backward
        else:
            raise ValueError("unknown activation: " + str(activation))
        dims = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for i in range(3):
            self.params["W%d" % (i + 1)] = rng.standard_normal((dims[i], dims[i + 1])) / np.sqrt(dims[i])
            self.params["b%d" % (i + 1)] = np.zeros(dims[i + 1])

    def loss(self, X, y=None):
        p = self.params
        h1, c1 = affine_forward(X, p["W1"], p["b1"])
        a1, ca1 = self.act_f(h1)
        h2, c2 = affine_forward(a1, p["W2"], p["b2"])
        a2, ca2 = self.act_f(h2)
        scores, c3 = affine_forward(a2, p["W3"], p["b3"])
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        grads = {}
        da2, grads["W3"], grads["b3"] = affine_backward(dscores, c3)
        dh2 = self.act_b(da2, ca2)
        da1, grads["W2"], grads["b2"] = affine_backward(dh2, c2)
        dh1 = self.act_b(da1, ca1)
        _, grads["W1"], grads["b1"] = affine_backward(dh1, c1)
        return loss, grads
