"""CS231n-flavoured: affine flattens x to (N, -1) and dx is reshaped back;
the network is a list of layer names walked forwards and backwards."""
import numpy as np


def affine_forward(x, w, b):
    N = x.shape[0]
    out = x.reshape(N, -1).dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    N = x.shape[0]
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(N, -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    out = x.copy()
    out[out < 0] = 0
    return out, x


def relu_backward(dout, cache):
    x = cache
    return (x > 0) * dout


def sigmoid_forward(x):
    x = np.asarray(x, dtype=np.float64)
    out = np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))
    return out, out


def sigmoid_backward(dout, cache):
    out = cache
    return out * (1 - out) * dout


def softmax_loss(x, y):
    shifted_logits = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=1, keepdims=True)
    log_probs = shifted_logits - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx


def mse_loss(pred, target):
    loss = np.mean(np.square(pred - target))
    dpred = 2 * (pred - target) / np.size(pred)
    return loss, dpred


class TwoHiddenNet(object):
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in ["sigmoid", "relu"]:
            raise ValueError('Invalid activation "%s"' % activation)
        self.activation = activation
        self.params = {}
        dims = [input_dim, hidden1, hidden2, output_dim]
        for i in range(len(dims) - 1):
            self.params["W" + str(i + 1)] = rng.standard_normal((dims[i], dims[i + 1])) / np.sqrt(dims[i])
            self.params["b" + str(i + 1)] = np.zeros(dims[i + 1])
        self.layers = ["affine1", "act", "affine2", "act", "affine3"]

    def loss(self, X, y=None):
        act_f = {"sigmoid": sigmoid_forward, "relu": relu_forward}[self.activation]
        act_b = {"sigmoid": sigmoid_backward, "relu": relu_backward}[self.activation]
        caches = []
        out = X
        for name in self.layers:
            if name.startswith("affine"):
                k = name[-1]
                out, cache = affine_forward(out, self.params["W" + k], self.params["b" + k])
            else:
                out, cache = act_f(out)
            caches.append(cache)
        scores = out
        if y is None:
            return scores

        loss, dout = softmax_loss(scores, y)
        grads = {}
        for name, cache in zip(reversed(self.layers), reversed(caches)):
            if name.startswith("affine"):
                k = name[-1]
                dout, grads["W" + k], grads["b" + k] = affine_backward(dout, cache)
            else:
                dout = act_b(dout, cache)
        return loss, grads
