# min-char-rnn (A. Karpathy) rewritten for batches: rows are examples.
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) * (1.0 / np.sqrt(n_in))
    Whh = rng.standard_normal((n_hidden, n_hidden)) * (1.0 / np.sqrt(n_hidden))
    Why = rng.standard_normal((n_hidden, n_out)) * (1.0 / np.sqrt(n_hidden))
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    Wxh, Whh, bh, Why, by = (params[k] for k in ("Wxh", "Whh", "bh", "Why", "by"))
    N, T, D = X.shape
    xs, hs, ps = {}, {}, {}
    hs[-1] = np.copy(h0)
    for t in range(T):
        xs[t] = X[:, t, :]
        hs[t] = np.tanh(np.dot(xs[t], Wxh) + np.dot(hs[t - 1], Whh) + bh)
        ys = np.dot(hs[t], Why) + by
        ys = ys - ys.max(axis=1, keepdims=True)
        ps[t] = np.exp(ys) / np.sum(np.exp(ys), axis=1, keepdims=True)
    P = np.stack([ps[t] for t in range(T)], axis=1)
    return P, (xs, hs, ps)


def rnn_loss(P, Y):
    N, T = Y.shape
    loss = 0.0
    for t in range(T):
        loss += -np.sum(np.log(np.clip(P[np.arange(N), t, Y[:, t]], 1e-12, 1.0)))
    return loss / (N * T)


def rnn_backward(params, cache, Y):
    Wxh, Whh, Why = params["Wxh"], params["Whh"], params["Why"]
    xs, hs, ps = cache
    N, T = Y.shape
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(params["bh"]), np.zeros_like(params["by"])
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(T)):
        dy = np.copy(ps[t])
        dy[np.arange(N), Y[:, t]] -= 1
        dy /= N * T
        dWhy += np.dot(hs[t].T, dy)
        dby += dy.sum(axis=0)
        dh = np.dot(dy, Why.T) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += dhraw.sum(axis=0)
        dWxh += np.dot(xs[t].T, dhraw)
        dWhh += np.dot(dhraw.T, hs[t - 1])
        dhnext = np.dot(dhraw, Whh.T)
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(d * d) for d in grads.values()))
    if norm > max_norm:
        return {k: d * (max_norm / norm) for k, d in grads.items()}
    return {k: d.copy() for k, d in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.copy(v) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for n in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
