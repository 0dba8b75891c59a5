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


def sigmoid_forward(x):
    e = np.exp(-np.abs(x))                  # in (0, 1]: never overflows
    out = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return out, out


def sigmoid_backward(dout, cache):
    out = cache
    return dout * out * (1 - out)


def softmax_loss(x, y):
    n = x.shape[0]
    centred = x - np.mean(x, axis=1, keepdims=True)
    shifted = centred - np.max(centred, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    rows = np.arange(n)
    loss = -np.mean(log_probs[rows, y])
    dx = np.exp(log_probs)
    dx[rows, y] -= 1.0
    return float(loss), dx / n


def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff ** 2)), 2 * diff / diff.size


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        table = {"sigmoid": (sigmoid_forward, sigmoid_backward), "relu": (relu_forward, relu_backward)}
        if activation not in table:
            raise ValueError(f"unknown activation {activation!r}")
        self.activation = activation
        self._act = table[activation]
        sizes = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for k in range(1, 4):
            self.params[f"W{k}"] = rng.standard_normal((sizes[k - 1], sizes[k])) / np.sqrt(sizes[k - 1])
            self.params[f"b{k}"] = np.zeros(sizes[k])

    def loss(self, X, y=None):
        act_f, act_b = self._act
        back = []
        a = X
        for k in (1, 2, 3):
            z, c_aff = affine_forward(a, self.params[f"W{k}"], self.params[f"b{k}"])
            if k < 3:
                a, c_act = act_f(z)
                back.append((k, c_aff, (lambda d, c=c_act: act_b(d, c))))
            else:
                a = z
                back.append((k, c_aff, None))
        if y is None:
            return a
        loss, d = softmax_loss(a, y)
        grads = {}
        for k, c_aff, act_back in reversed(back):
            if act_back is not None:
                d = act_back(d)
            d, grads[f"W{k}"], grads[f"b{k}"] = affine_backward(d, c_aff)
        return loss, {k: grads[k] for k in self.params}
