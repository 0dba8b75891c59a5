"""HW4 RNN, Elsa Lindqvist.  An RNN object that remembers what it needs."""
import numpy as np


def softmax_rows(Z):
    Z = Z - Z.max(axis=-1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=-1, keepdims=True)


def tanh_slope(h):
    # d tanh / da, written with the tanh output h = tanh(a)
    return 1.0 - h * h


class RNN:
    def __init__(self, params):
        self.Wxh = params["Wxh"]
        self.Whh = params["Whh"]
        self.bh = params["bh"]
        self.Why = params["Why"]
        self.by = params["by"]

    def run(self, X, h0):
        self.X = X
        N, T, _ = X.shape
        self.h0 = h0
        self.a = []
        self.h = []
        h = h0
        for t in range(T):
            a = X[:, t] @ self.Wxh + h @ self.Whh + self.bh
            h = np.tanh(a)
            self.a.append(a)
            self.h.append(h)
        self.P = softmax_rows(np.stack(self.h, axis=1) @ self.Why + self.by)
        return self.P


class BPTT:
    def __init__(self, rnn):
        self.rnn = rnn

    def grads(self, Y):
        r = self.rnn
        N, T, K = r.P.shape
        self.dlogits = r.P.copy()
        self.dlogits[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1.0
        self.dlogits /= N * T
        self.gWxh = np.zeros_like(r.Wxh)
        self.gWhh = np.zeros_like(r.Whh)
        self.gbh = np.zeros_like(r.bh)
        self.gWhy = np.zeros_like(r.Why)
        self.gby = np.zeros_like(r.by)
        self.dnext = np.zeros_like(r.h0)
        for t in reversed(range(T)):
            self.dh = self.dlogits[:, t] @ r.Why.T + self.dnext
            self.da = self.dh * tanh_slope(r.a[t])
            prev = r.h[t - 1] if t > 0 else r.h0
            self.gWhy = self.gWhy + r.h[t].T @ self.dlogits[:, t]
            self.gby = self.gby + self.dlogits[:, t].sum(axis=0)
            self.gWxh = self.gWxh + r.X[:, t].T @ self.da
            self.gWhh = self.gWhh + prev.T @ self.da
            self.gbh = self.gbh + self.da.sum(axis=0)
            self.dnext = self.da @ r.Whh.T
        return {"Wxh": self.gWxh, "Whh": self.gWhh, "bh": self.gbh, "Why": self.gWhy, "by": self.gby}


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden)),
            "Whh": rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_hidden)),
            "bh": np.zeros(n_hidden),
            "Why": rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out)),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    net = RNN(params)
    return net.run(X, h0), net


def rnn_loss(P, Y):
    p = np.take_along_axis(P, Y[:, :, None], axis=2)
    return float(np.mean(-np.log(np.clip(p, 1e-12, None))))


def rnn_backward(params, cache, Y):
    return BPTT(cache).grads(Y)


def clip_gradients(grads, max_norm):
    norm = np.sqrt(np.sum([np.sum(g * g) for g in grads.values()]))
    s = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: s * g for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.astype(float) for k, v in params.items()}
    P, net = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, net, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        P, net = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
