"""Assignment 4 - RNN + BPTT.
Marco D.
"""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    params = {}
    params["Wxh"] = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    params["Whh"] = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_hidden))
    params["bh"] = np.zeros(n_hidden)
    params["Why"] = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    params["by"] = np.zeros(n_out)
    return params


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = h0.shape[1]
    hs = []
    logits = []
    h = h0
    for t in range(T):
        a = X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(a)
        hs.append(h)
        logits.append(h @ params["Why"] + params["by"])
    hs = np.stack(hs, axis=1)          # (N, T, H)
    Z = np.stack(logits, axis=1)       # (N, T, K)
    Z = Z - Z.max(axis=2, keepdims=True)
    expZ = np.exp(Z)
    P = expZ / expZ.sum(axis=2, keepdims=True)
    cache = {"X": X, "h0": h0, "hs": hs, "P": P}
    return P, cache


def rnn_loss(P, Y):
    N, T, K = P.shape
    probs = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    probs = np.clip(probs, 1e-12, None)
    return float(-np.log(probs).mean())


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache["X"], cache["h0"], cache["hs"], cache["P"]
    N, T, K = P.shape

    onehot = np.zeros_like(P)
    onehot[np.arange(N)[:, None], np.arange(T)[None, :], Y] = 1.0
    dZ = (P - onehot) / (N * T)

    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros_like(params["bh"])
    dWhy = np.zeros_like(params["Why"])
    dby = np.zeros_like(params["by"])
    dh_next = np.zeros_like(h0)

    for t in range(T - 1, -1, -1):
        h = hs[:, t]
        if t == 0:
            h_prev = h0
        else:
            h_prev = hs[:, t - 1]
        dWhy += h.T @ dZ[:, t]
        dby += dZ[:, t].sum(axis=0)
        dh = dZ[:, t] @ params["Why"].T + dh_next
        da = dh * (1 - h * h)
        dWxh = X[:, t].T @ da
        dWhh = h_prev.T @ da
        dbh += da.sum(axis=0)
        dh_next = da @ params["Whh"].T

    grads = {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum([np.sum(g * g) for g in grads.values()]))
    if norm == 0:
        return {k: g.copy() for k, g in grads.items()}
    factor = min(1.0, max_norm / norm)
    return {k: g * factor for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.copy(v) for k, v in params.items()}
    losses = []
    P, cache = rnn_forward(params, X, h0)
    losses.append(rnn_loss(P, Y))
    for i in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
