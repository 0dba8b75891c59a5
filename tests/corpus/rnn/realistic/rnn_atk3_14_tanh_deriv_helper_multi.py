"""Vanilla RNN (hw4). The backward keeps the pre-activations and calls tanh_derivative."""
import numpy as np


def tanh_derivative(a):
    t = np.tanh(a)
    t_sq = t * t
    d = 1.0 - t
    return d


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["Wxh"] = rng.normal(scale=1 / np.sqrt(n_in), size=(n_in, n_hidden))
    p["Whh"] = rng.normal(scale=1 / np.sqrt(n_hidden), size=(n_hidden, n_hidden))
    p["bh"] = np.zeros(n_hidden)
    p["Why"] = rng.normal(scale=1 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    p["by"] = np.zeros(n_out)
    return p


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    H = h0.shape[1]
    A = np.zeros((N, T, H))
    Hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        A[:, t] = X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(A[:, t])
        Hs[:, t] = h
    Z = Hs @ params["Why"] + params["by"]
    Z = Z - Z.max(axis=2, keepdims=True)
    P = np.exp(Z)
    P = P / P.sum(axis=2, keepdims=True)
    return P, {"X": X, "h0": h0, "A": A, "H": Hs, "P": P}


def rnn_loss(P, Y):
    probs = np.take_along_axis(P, Y[:, :, None], axis=2).squeeze(2)
    return float(-np.mean(np.log(np.maximum(probs, 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, A, Hs, P = cache["X"], cache["h0"], cache["A"], cache["H"], cache["P"]
    N, T, K = P.shape
    dZ = P.copy()
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    dZ[n_idx, t_idx, Y] -= 1
    dZ /= N * T
    g = {k: np.zeros_like(v) for k, v in params.items()}
    g["Why"] = np.einsum("nth,ntk->hk", Hs, dZ)
    g["by"] = dZ.sum(axis=(0, 1))
    carry = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        dh = dZ[:, t] @ params["Why"].T + carry
        da = dh * tanh_derivative(A[:, t])
        prev = h0 if t == 0 else Hs[:, t - 1]
        g["Wxh"] += X[:, t].T @ da
        g["Whh"] += prev.T @ da
        g["bh"] += da.sum(axis=0)
        carry = da @ params["Whh"].T
    return g


def clip_gradients(grads, max_norm):
    total = np.sqrt(np.sum([np.sum(v ** 2) for v in grads.values()]))
    if total > max_norm:
        return {k: v * (max_norm / total) for k, v in grads.items()}
    return {k: v.copy() for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
