# Caches carry more than the backward needs (shapes, outputs, masks) -- handy for debugging.
import numpy as np


def affine_forward(x, w, b):
    out = x.dot(w) + b
    cache = (x, w, b, out, x.shape, w.shape)
    return out, cache


def affine_backward(dout, cache):
    x, w, b, out, x_shape, w_shape = cache
    assert dout.shape == out.shape
    dx = dout.dot(w.T).reshape(x_shape)
    dw = x.T.dot(dout).reshape(w_shape)
    db = dout.sum(axis=0).reshape(b.shape)
    return dx, dw, db


def relu_forward(x):
    mask = (x > 0).astype(x.dtype)
    out = x * mask
    return out, (x, mask, out, "relu")


def relu_backward(dout, cache):
    x, mask, out, name = cache
    return dout * mask


def sigmoid_forward(x):
    out = 0.5 * (1.0 + np.tanh(0.5 * x))     # same as 1/(1+exp(-x)), no overflow
    return out, (x, out, 1.0 - out)


def sigmoid_backward(dout, cache):
    x, out, one_minus_out = cache
    return dout * out * one_minus_out


def softmax_loss(x, y):
    N, C = x.shape
    m = np.max(x, axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(x - m), axis=1, keepdims=True))
    probs = np.exp(x - lse)
    loss = np.mean(lse[:, 0] - x[np.arange(N), y])
    Y = np.eye(C)[y]
    dx = (probs - Y) / N
    return float(loss), dx


def mse_loss(pred, target):
    N, K = pred.shape
    loss = np.sum((pred - target) ** 2) / (N * K)
    dpred = 2.0 * (pred - target) / (N * K)
    return float(loss), dpred


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation == "sigmoid":
            self.fwd, self.bwd = sigmoid_forward, sigmoid_backward
        elif activation == "relu":
            self.fwd, self.bwd = relu_forward, relu_backward
        else:
            raise ValueError(activation)
        W1 = rng.standard_normal((input_dim, hidden1)) * (1.0 / np.sqrt(input_dim))
        W2 = rng.standard_normal((hidden1, hidden2)) * (1.0 / np.sqrt(hidden1))
        W3 = rng.standard_normal((hidden2, output_dim)) * (1.0 / np.sqrt(hidden2))
        self.params = dict(W1=W1, b1=np.zeros(hidden1), W2=W2, b2=np.zeros(hidden2),
                           W3=W3, b3=np.zeros(output_dim))

    def loss(self, X, y=None):
        p = self.params
        out1, cache1 = affine_forward(X, p["W1"], p["b1"])
        out2, cache2 = self.fwd(out1)
        out3, cache3 = affine_forward(out2, p["W2"], p["b2"])
        out4, cache4 = self.fwd(out3)
        scores, cache5 = affine_forward(out4, p["W3"], p["b3"])
        if y is None:
            return scores
        loss, d5 = softmax_loss(scores, y)
        d4, dW3, db3 = affine_backward(d5, cache5)
        d3 = self.bwd(d4, cache4)
        d2, dW2, db2 = affine_backward(d3, cache3)
        d1 = self.bwd(d2, cache2)
        _, dW1, db1 = affine_backward(d1, cache1)
        return loss, dict(W1=dW1, b1=db1, W2=dW2, b2=db2, W3=dW3, b3=db3)
