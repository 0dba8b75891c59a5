"""CS homework 4: recurrent network, BPTT.
Author: Ahmed Farouk

An RNN class keeps the weights; the graded functions build one from the
params dict and call it.
"""
import numpy as np


class RNN:
    def __init__(self, params):
        self.Wxh = np.array(params["Wxh"], dtype=float)
        self.Whh = np.array(params["Whh"], dtype=float)
        self.bh = np.array(params["bh"], dtype=float)
        self.Why = np.array(params["Why"], dtype=float)
        self.by = np.array(params["by"], dtype=float)

    def params(self):
        return {"Wxh": self.Wxh, "Whh": self.Whh, "bh": self.bh, "Why": self.Why, "by": self.by}

    @staticmethod
    def softmax(z):
        z = z - np.max(z, axis=1, keepdims=True)
        ez = np.exp(z)
        return ez / np.sum(ez, axis=1, keepdims=True)

    def forward(self, X, h0):
        N, T, _ = X.shape
        H = [h0]                                  # H[t + 1] is the state after step t
        P = []
        for t in range(T):
            h = np.tanh(X[:, t] @ self.Wxh + H[-1] @ self.Whh + self.bh)
            H.append(h)
            P.append(self.softmax(h @ self.Why + self.by))
        return np.stack(P, axis=1), (X, H)

    def backward(self, cache, P, Y):
        X, Hs = cache
        N, T, K = P.shape
        g = {k: np.zeros_like(v) for k, v in self.params().items()}
        carry = np.zeros_like(Hs[0])
        for t in range(T - 1, 0, -1):
            d_out = P[:, t].copy()
            d_out[np.arange(N), Y[:, t]] -= 1.0
            d_out /= N * T
            g["Why"] += Hs[t + 1].T @ d_out
            g["by"] += d_out.sum(axis=0)
            dh = d_out @ self.Why.T + carry
            dz = dh * (1.0 - Hs[t + 1] ** 2)
            g["Wxh"] += X[:, t].T @ dz
            g["Whh"] += Hs[t].T @ dz
            g["bh"] += dz.sum(axis=0)
            carry = dz @ self.Whh.T
        return g


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    P, (X_, H) = RNN(params).forward(X, h0)
    return P, (X_, H, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    p = np.take_along_axis(P, Y[:, :, None], axis=2).squeeze(-1)
    return float(-np.mean(np.log(np.clip(p, 1e-12, 1.0))))


def rnn_backward(params, cache, Y):
    X, H, P = cache
    return RNN(params).backward((X, H), P, Y)


def clip_gradients(grads, max_norm):
    total_norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    factor = min(1.0, max_norm / total_norm) if total_norm > 0 else 1.0
    return {k: g * factor for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    net = RNN(params)
    P, cache = net.forward(X, h0)
    losses = [rnn_loss(P, Y)]
    for ep in range(epochs):
        grads = clip_gradients(net.backward(cache, P, Y), max_norm)
        net = RNN({k: v - lr * grads[k] for k, v in net.params().items()})
        P, cache = net.forward(X, h0)
        losses.append(rnn_loss(P, Y))
    return net.params(), losses
