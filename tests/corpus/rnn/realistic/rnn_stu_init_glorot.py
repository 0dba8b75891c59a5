"""Vanilla RNN, assignment 4.
Glorot-uniform init, full BPTT, global-norm clipping."""
import numpy as np


def glorot(fan_in, fan_out, rng):
    limit = np.sqrt(6 / fan_in + fan_out)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": glorot(n_in, n_hidden, rng),
            "Whh": glorot(n_hidden, n_hidden, rng),
            "bh": np.zeros(n_hidden),
            "Why": glorot(n_hidden, n_out, rng),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    K = params["Why"].shape[1]
    hs = [h0]
    P = np.empty((N, T, K))
    for t in range(T):
        hs.append(np.tanh(X[:, t] @ params["Wxh"] + hs[-1] @ params["Whh"] + params["bh"]))
        s = hs[-1] @ params["Why"] + params["by"]
        s = np.exp(s - s.max(axis=1, keepdims=True))
        P[:, t] = s / s.sum(axis=1, keepdims=True)
    return P, (X, hs, P)


def rnn_loss(P, Y):
    N, T, _ = P.shape
    total = 0.0
    for n in range(N):
        for t in range(T):
            total += -np.log(max(P[n, t, Y[n, t]], 1e-12))
    return float(total / (N * T))


def rnn_backward(params, cache, Y):
    X, hs, P = cache
    N, T, K = P.shape
    out = {k: np.zeros_like(v) for k, v in params.items()}
    carry = np.zeros_like(hs[0])
    for t in range(T - 1, -1, -1):
        d = P[:, t].copy()
        d[np.arange(N), Y[:, t]] -= 1
        d /= N * T
        out["Why"] += hs[t + 1].T @ d
        out["by"] += d.sum(axis=0)
        da = (d @ params["Why"].T + carry) * (1 - hs[t + 1] ** 2)
        out["Wxh"] += X[:, t].T @ da
        out["Whh"] += hs[t].T @ da
        out["bh"] += da.sum(axis=0)
        carry = da @ params["Whh"].T
    return out


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    factor = 1.0 if norm == 0.0 else min(1.0, max_norm / norm)
    return {k: g * factor for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
