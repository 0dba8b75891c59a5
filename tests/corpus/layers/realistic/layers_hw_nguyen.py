"""
Homework: modular layers (CS231n style)
Student: Linh Nguyen
"""
import numpy as np


def affine_forward(x, w, b):
    """out = x @ w + b"""
    out = np.matmul(x, w) + b[np.newaxis, :]
    cache = {"x": x, "w": w}
    return out, cache


def affine_backward(dout, cache):
    x, w = cache["x"], cache["w"]
    dx = np.matmul(dout, w.T)          # (N, M) @ (M, D)
    dw = np.matmul(x.T, dout)          # (D, N) @ (N, M)
    db = np.einsum("nm->m", dout)      # sum over samples
    return dx, dw, db


def relu_forward(x):
    mask = x > 0
    return x * mask, mask


def relu_backward(dout, cache):
    mask = cache
    return dout * mask


def _sigmoid(x):
    out = np.zeros_like(x, dtype=float)
    pos = x >= 0
    neg = ~pos
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ez = np.exp(x[neg])
    out[neg] = ez / (1.0 + ez)
    return out


def sigmoid_forward(x):
    s = _sigmoid(x)
    return s, x


def sigmoid_backward(dout, cache):
    x = cache
    s = _sigmoid(x)
    return dout * s * (1.0 - s)


def softmax_loss(x, y):
    N = x.shape[0]
    m = np.max(x, axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(x - m), axis=1, keepdims=True))
    log_p = x - lse
    loss = -np.mean(log_p[np.arange(N), y])
    onehot = np.zeros_like(x, dtype=float)
    onehot[np.arange(N), y] = 1.0
    dx = (np.exp(log_p) - onehot) / N
    return float(loss), dx


def mse_loss(pred, target):
    N, K = pred.shape
    loss = np.sum((pred - target) ** 2) / (N * K)
    dpred = 2.0 * (pred - target) / (N * K)
    return float(loss), dpred


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in ["sigmoid", "relu"]:
            raise ValueError("activation has to be 'sigmoid' or 'relu'")
        self.activation = activation
        self.params = {
            "W1": rng.standard_normal((input_dim, hidden1)) / np.sqrt(input_dim),
            "b1": np.zeros(hidden1),
            "W2": rng.standard_normal((hidden1, hidden2)) / np.sqrt(hidden1),
            "b2": np.zeros(hidden2),
            "W3": rng.standard_normal((hidden2, output_dim)) / np.sqrt(hidden2),
            "b3": np.zeros(output_dim),
        }

    def _act(self, x):
        return relu_forward(x) if self.activation == "relu" else sigmoid_forward(x)

    def _act_back(self, d, c):
        return relu_backward(d, c) if self.activation == "relu" else sigmoid_backward(d, c)

    def loss(self, X, y=None):
        W1, b1, W2, b2, W3, b3 = (self.params[k] for k in ["W1", "b1", "W2", "b2", "W3", "b3"])
        z1, c1 = affine_forward(X, W1, b1)
        a1, c2 = self._act(z1)
        z2, c3 = affine_forward(a1, W2, b2)
        a2, c4 = self._act(z2)
        scores, c5 = affine_forward(a2, W3, b3)
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        da2, dW3, db3 = affine_backward(dscores, c5)
        dz2 = self._act_back(da2, c4)
        da1, dW2, db2 = affine_backward(dz2, c3)
        dz1 = self._act_back(da1, c2)
        _, dW1, db1 = affine_backward(dz1, c1)
        return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "W3": dW3, "b3": db3}
