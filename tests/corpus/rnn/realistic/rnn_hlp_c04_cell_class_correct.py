"""Vanilla RNN: the recurrence is a small class with a backward method, and
rnn_backward uses a closure for the output layer."""
import numpy as np


class Cell:
    """h = tanh(x @ Wxh + h_prev @ Whh + bh)."""

    def __init__(self, Wxh, Whh, bh):
        self.Wxh, self.Whh, self.bh = Wxh, Whh, bh

    def step(self, x, h_prev):
        return np.tanh(x @ self.Wxh + h_prev @ self.Whh + self.bh)

    def backward(self, dh, h, h_prev, x):
        """Returns (dWxh, dWhh, dbh, dh_prev) of one step."""
        da = dh * (1.0 - h ** 2)
        return x.T @ da, h_prev.T @ da, da.sum(axis=0), da @ self.Whh.T


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) * np.sqrt(1.0 / n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) * np.sqrt(1.0 / n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) * np.sqrt(1.0 / n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    cell = Cell(params["Wxh"], params["Whh"], params["bh"])
    N, T, _ = X.shape
    h = h0
    hs = []
    for t in range(T):
        h = cell.step(X[:, t], h)
        hs.append(h)
    hs = np.stack(hs, axis=1)
    s = hs @ params["Why"] + params["by"]
    s = np.exp(s - s.max(axis=2, keepdims=True))
    P = s / s.sum(axis=2, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    lp = np.log(np.maximum(P.reshape(N * T, -1)[np.arange(N * T), Y.reshape(-1)], 1e-12))
    return float(-lp.sum() / (N * T))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    Why = params["Why"]
    cell = Cell(params["Wxh"], params["Whh"], params["bh"])
    out = {k: np.zeros_like(v) for k, v in params.items()}

    def output_grads(t):
        dz = P[:, t].copy()
        dz[np.arange(N), Y[:, t]] -= 1.0
        dz = dz / (N * T)
        return dz, hs[:, t].T @ dz, dz.sum(axis=0), dz @ Why.T

    carry = np.zeros_like(h0)
    for t in reversed(range(T)):
        _, gWhy, gby, dh_out = output_grads(t)
        out["Why"] += gWhy
        out["by"] += gby
        h_prev = hs[:, t - 1] if t else h0
        gWxh, gWhh, gbh, carry = cell.backward(dh_out + carry, hs[:, t], h_prev, X[:, t])
        out["Wxh"] += gWxh
        out["Whh"] += gWhh
        out["bh"] += gbh
    return out


def clip_gradients(grads, max_norm):
    norm = float(np.sqrt(sum((g ** 2).sum() for g in grads.values())))
    c = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * c for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
