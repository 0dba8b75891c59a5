# Vanilla RNN (batched min-char-rnn)
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    xs, hs, ps = {}, {}, {}
    hs[-1] = h0
    for t in range(T):
        xs[t] = X[:, t, :]
        hs[t] = np.tanh(xs[t] @ params["Wxh"] + hs[t - 1] @ params["Whh"] + params["bh"])
        ys = hs[t] @ params["Why"] + params["by"]
        ex = np.exp(ys - ys.max(axis=1, keepdims=True))
        ps[t] = ex / ex.sum(axis=1, keepdims=True)
    P = np.stack([ps[t] for t in range(T)], axis=1)
    return P, (xs, hs, ps)


def rnn_loss(P, Y):
    N, T = Y.shape
    loss = 0.0
    for t in range(T):
        loss -= np.log(np.maximum(P[np.arange(N), t, Y[:, t]], 1e-12)).sum()
    return loss / (N * T)


def rnn_backward(params, cache, Y):
    xs, hs, ps = cache
    N, T = Y.shape
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dWhy = np.zeros_like(params["Why"])
    dbh = np.zeros_like(params["bh"])
    dby = np.zeros_like(params["by"])
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(T)):
        dy = ps[t]
        dy[np.arange(N), Y[:, t]] -= 1
        dy /= N * T
        dWhy += hs[t].T @ dy
        dby += dy.sum(axis=0)
        dh = dy @ params["Why"].T + dhnext
        dhraw = (1 - hs[t] ** 2) * dh
        dbh += dhraw.sum(axis=0)
        dWxh += xs[t].T @ dhraw
        dWhh += hs[t - 1].T @ dhraw
        dhnext = dhraw @ params["Whh"].T
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    total_norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / total_norm) if total_norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
