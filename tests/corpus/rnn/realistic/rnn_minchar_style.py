"""Assignment 4 -- RNN.

Adapted from Karpathy's min-char-rnn: one sequence at a time with column
vectors, then I loop over the batch and add things up. Slow but I can follow it.
"""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def _forward_one(params, x_seq, h0):
    """x_seq: (T, D), h0: (H,). returns hs (T, H), ps (T, K)"""
    T = x_seq.shape[0]
    H = params["Whh"].shape[0]
    K = params["Why"].shape[1]
    hs = np.zeros((T, H))
    ps = np.zeros((T, K))
    h = h0
    for t in range(T):
        h = np.tanh(x_seq[t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        y = h @ params["Why"] + params["by"]
        y = np.exp(y - np.max(y))
        hs[t] = h
        ps[t] = y / np.sum(y)
    return hs, ps


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params["Whh"].shape[0]
    K = params["Why"].shape[1]
    hs = np.zeros((N, T, H))
    P = np.zeros((N, T, K))
    for n in range(N):
        hs[n], P[n] = _forward_one(params, X[n], h0[n])
    return P, {"X": X, "h0": h0, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    loss = 0.0
    for n in range(N):
        for t in range(T):
            loss -= np.log(max(P[n, t, Y[n, t]], 1e-12))
    return float(loss / (N * T))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache["X"], cache["h0"], cache["hs"], cache["P"]
    N, T, K = P.shape
    dWxh = np.zeros_like(params["Wxh"], dtype=float)
    dWhh = np.zeros_like(params["Whh"], dtype=float)
    dbh = np.zeros_like(params["bh"], dtype=float)
    dWhy = np.zeros_like(params["Why"], dtype=float)
    dby = np.zeros_like(params["by"], dtype=float)
    for n in range(N):
        dhnext = np.zeros_like(h0[n], dtype=float)
        for t in reversed(range(T)):
            dy = P[n, t].copy()
            dy[Y[n, t]] -= 1
            dy /= (N * T)
            dWhy += np.outer(hs[n, t], dy)
            dby += dy
            dh = params["Why"] @ dy + dhnext
            dhraw = (1 - hs[n, t] ** 2) * dh
            hprev = hs[n, t - 1] if t > 0 else h0[n]
            dWxh += np.outer(X[n, t], dhraw)
            dWhh += np.outer(hprev, dhraw)
            dbh += dhraw
            dhnext = params["Whh"] @ dhraw
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(np.sum(g * g) for g in grads.values()))
    coef = 1.0
    if total > 0:
        coef = min(1.0, max_norm / total)
    return {k: coef * g for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float, copy=True) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
