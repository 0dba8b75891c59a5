"""Assignment 4 -- RNN.   Student: Gabriel Santos

I store the pre-activations a_t (before tanh) in the cache as well, so the
backward pass can use them.
"""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    std_x, std_h = 1 / np.sqrt(n_in), 1 / np.sqrt(n_hidden)
    Wxh = rng.normal(0, std_x, (n_in, n_hidden))
    Whh = rng.normal(0, std_h, (n_hidden, n_hidden))
    Why = rng.normal(0, std_h, (n_hidden, n_out))
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params["Whh"].shape[0]
    A = np.zeros((N, T, H))           # pre-activations
    Hs = np.zeros((N, T, H))          # hidden states
    h = h0
    for t in range(T):
        A[:, t] = X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(A[:, t])
        Hs[:, t] = h
    logits = Hs @ params["Why"] + params["by"]
    logits = logits - logits.max(axis=2, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=2, keepdims=True)
    return P, (X, h0, A, Hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    probs = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.log(np.clip(probs, 1e-12, None)).mean())


def rnn_backward(params, cache, Y):
    X, h0, A, Hs, P = cache
    N, T, K = P.shape
    H = Hs.shape[2]
    dlogits = P.copy()
    dlogits[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1.0
    dlogits /= (N * T)
    g = {k: np.zeros_like(v) for k, v in params.items()}
    g["Why"] = np.einsum("nth,ntk->hk", Hs, dlogits)
    g["by"] = dlogits.sum(axis=(0, 1))
    dh_next = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        dh = dlogits[:, t] @ params["Why"].T + dh_next
        da = dh * (1 - A[:, t] ** 2)              # tanh'(a) = 1 - tanh^2
        h_prev = Hs[:, t - 1] if t > 0 else h0
        g["Wxh"] += X[:, t].T @ da
        g["Whh"] += h_prev.T @ da
        g["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return g


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum((v ** 2).sum() for v in grads.values()))
    scale = min(1.0, max_norm / total) if total > 0 else 1.0
    return {k: v * scale for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = []
    for epoch in range(epochs + 1):
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
        if epoch == epochs:
            break
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses
