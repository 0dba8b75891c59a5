"""Assignment 4 -- Tomasz Wrobel.  Column-major states (H, N) kept in a dict
keyed by time; the backward pass reuses its buffers (out=) to avoid copies."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
            "bh": np.zeros(n_hidden),
            "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    WxhT, WhhT, WhyT = params["Wxh"].T, params["Whh"].T, params["Why"].T
    h = {-1: np.array(h0, dtype=float).T}
    p = {}
    for t in range(T):
        h[t] = np.tanh(WxhT @ X[:, t].T + WhhT @ h[t - 1] + params["bh"][:, None])
        s = WhyT @ h[t] + params["by"][:, None]
        s -= s.max(axis=0)
        np.exp(s, out=s)
        s /= s.sum(axis=0)
        p[t] = s
    P = np.stack([p[t].T for t in range(T)], axis=1)
    return P, (X, h, p)


def rnn_loss(P, Y):
    N, T, K = P.shape
    picked = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.log(np.maximum(picked, 1e-12)).sum() / (N * T))


def rnn_backward(params, cache, Y):
    X, h, p = cache
    N, T, D = X.shape
    Whh, Why = params["Whh"], params["Why"]
    H = Whh.shape[0]
    g = {k: np.zeros(np.shape(v)) for k, v in params.items()}
    carry = np.zeros((H, N))
    for t in range(T - 1, -1, -1):
        dy = p[t].copy()
        dy[Y[:, t], np.arange(N)] -= 1.0
        dy /= N * T
        g["Why"] += h[t] @ dy.T
        g["by"] += dy.sum(axis=1)
        dh = Why @ dy
        dh += carry
        np.multiply(1.0 - h[t] ** 2, dh, out=dh)        # dh is now the pre-activation gradient
        g["Wxh"] += X[:, t].T @ dh.T
        g["Whh"] += h[t - 1] @ dh.T
        g["bh"] += dh.sum(axis=1)
        carry = Whh @ dh
    return g


def clip_gradients(grads, max_norm):
    norm = float(np.sqrt(sum(np.vdot(v, v) for v in grads.values())))
    k = max_norm / norm if norm > max_norm else 1.0
    return {name: v * k for name, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    cur = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(cur, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        gr = clip_gradients(rnn_backward(cur, cache, Y), max_norm)
        cur = {k: cur[k] - lr * gr[k] for k in cur}
        P, cache = rnn_forward(cur, X, h0)
        losses.append(rnn_loss(P, Y))
    return cur, losses
