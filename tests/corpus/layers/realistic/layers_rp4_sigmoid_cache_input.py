import numpy as np


def affine_forward(x, w, b):
    out = x @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, _ = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(x, 0)
    return out, x


def relu_backward(dout, cache):
    x = cache
    return dout * (x > 0)


def _logistic(v):
    e = np.exp(-np.abs(v))
    return np.where(v >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_forward(x):
    out = _logistic(x)
    return out, x


def sigmoid_backward(dout, cache):
    s = cache                        # the sigmoid's output, s * (1 - s) is its slope
    return dout * s * (1 - s)


def softmax_loss(x, y):
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = x.shape[0]
    rows = np.arange(n)
    loss = -log_probs[rows, y].mean()
    dx = np.exp(log_probs)
    dx[rows, y] -= 1
    return float(loss), dx / n


def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff ** 2)), 2 * diff / diff.size


class TwoHiddenNet:
    """A classifier with two hidden layers, built only from the layer functions.

    affine -> act -> affine -> act -> affine -> softmax_loss, where act is
    relu or sigmoid. The parameters live in the dict `self.params`.
    """

    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in ("sigmoid", "relu"):
            raise ValueError(f"activation must be 'sigmoid' or 'relu', not {activation!r}")
        self.activation = activation
        sizes = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for k, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            self.params[f"W{k}"] = rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)
            self.params[f"b{k}"] = np.zeros(fan_out)

    def loss(self, X, y=None):
        p = self.params
        act_forward, act_backward = ((relu_forward, relu_backward) if self.activation == "relu"
                                     else (sigmoid_forward, sigmoid_backward))
        h1, c1 = affine_forward(X, p["W1"], p["b1"])
        a1, c2 = act_forward(h1)
        h2, c3 = affine_forward(a1, p["W2"], p["b2"])
        a2, c4 = act_forward(h2)
        scores, c5 = affine_forward(a2, p["W3"], p["b3"])
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        grads = {}
        da2, grads["W3"], grads["b3"] = affine_backward(dscores, c5)
        da1, grads["W2"], grads["b2"] = affine_backward(act_backward(da2, c4), c3)
        _, grads["W1"], grads["b1"] = affine_backward(act_backward(da1, c2), c1)
        return loss, {k: grads[k] for k in p}
