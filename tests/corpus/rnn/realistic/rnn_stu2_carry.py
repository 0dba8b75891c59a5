# HW4 - vanilla RNN with BPTT
# Nadia Petrova
# loosely following Karpathy's min-char-rnn, but batched and with dicts

import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    hs, ps = {}, {}
    hs[-1] = h0
    for t in range(T):
        hs[t] = np.tanh(X[:, t, :] @ params["Wxh"] + hs[t - 1] @ params["Whh"] + params["bh"])
        ps[t] = softmax(hs[t] @ params["Why"] + params["by"])
    P = np.stack([ps[t] for t in range(T)], axis=1)
    return P, {"X": X, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T, K = P.shape
    total = 0.0
    for t in range(T):
        total += -np.sum(np.log(np.maximum(P[np.arange(N), t, Y[:, t]], 1e-12)))
    return float(total / (N * T))


def rnn_backward(params, cache, Y):
    X, hs, P = cache["X"], cache["hs"], cache["P"]
    N, T, K = P.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(hs[0])
    for t in reversed(range(T)):
        dy = P[:, t, :].copy()
        dy[np.arange(N), Y[:, t]] -= 1
        dy /= N * T
        grads["Why"] += hs[t].T @ dy
        grads["by"] += dy.sum(axis=0)
        dh = dy @ params["Why"].T
        draw = dh * (1 - hs[t] ** 2) + dh_next     # backprop through tanh
        grads["Wxh"] += X[:, t, :].T @ draw
        grads["Whh"] += hs[t - 1].T @ draw
        grads["bh"] += draw.sum(axis=0)
        dh_next = draw @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g * g) for g in grads.values()))
    if norm > max_norm:
        return {k: g * (max_norm / norm) for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for ep in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
