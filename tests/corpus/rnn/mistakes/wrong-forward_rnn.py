"""Vanilla RNN, min-char-rnn style (dicts of time steps), batched."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) * np.sqrt(1.0 / n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) * np.sqrt(1.0 / n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) * np.sqrt(1.0 / n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    Wxh, Whh, Why, by = params["Wxh"], params["Whh"], params["Why"], params["by"]
    N, T, D = X.shape
    xs, hs, ps = {}, {}, {}
    hs[-1] = h0.copy()
    for t in range(T):
        xs[t] = X[:, t, :]
        hs[t] = np.tanh(np.dot(xs[t], Wxh) + np.dot(hs[t - 1], Whh))
        y = np.dot(hs[t], Why) + by
        y = np.exp(y - np.max(y, axis=1, keepdims=True))
        ps[t] = y / np.sum(y, axis=1, keepdims=True)
    P = np.stack([ps[t] for t in range(T)], axis=1)
    return P, (xs, hs, ps)


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for t in range(T):
        total += -np.sum(np.log(np.clip(P[np.arange(N), t, Y[:, t]], 1e-12, 1.0)))
    return total / (N * T)


def rnn_backward(params, cache, Y):
    Whh, Why = params["Whh"], params["Why"]
    xs, hs, ps = cache
    N, T = Y.shape
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(Whh)
    dWhy = np.zeros_like(Why)
    dbh = np.zeros_like(params["bh"])
    dby = np.zeros_like(params["by"])
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(T)):
        dy = np.copy(ps[t])
        dy[np.arange(N), Y[:, t]] -= 1
        dy /= N * T
        dWhy += np.dot(hs[t].T, dy)
        dby += np.sum(dy, axis=0)
        dh = np.dot(dy, Why.T) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += np.sum(dhraw, axis=0)
        dWxh += np.dot(xs[t].T, dhraw)
        dWhh += np.dot(hs[t - 1].T, dhraw)
        dhnext = np.dot(dhraw, Whh.T)
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g * g) for g in grads.values()))
    s = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * s for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
