"""Vanilla RNN with BPTT."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def softmax(z):
    lo = z.min(axis=-1, keepdims=True)
    hi = z.max(axis=-1, keepdims=True)
    e = np.exp((z - lo) - (hi - lo))
    return e / e.sum(axis=-1, keepdims=True)



def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    H = params["Whh"].shape[0]
    hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t] = h
    Z = hs @ params["Why"] + params["by"]
    Z = Z - Z.min(axis=2, keepdims=True)
    P = softmax(Z)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    p = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    H = hs.shape[2]
    dZ = P.copy()
    dZ[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1.0
    dZ /= N * T
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros((N, H))
    for t in reversed(range(T)):
        grads["Why"] += hs[:, t].T @ dZ[:, t]
        grads["by"] += dZ[:, t].sum(axis=0)
        dh = dZ[:, t] @ params["Why"].T + dh_next
        da = dh * (1.0 - hs[:, t] ** 2)
        h_prev = hs[:, t - 1] if t > 0 else h0
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    scale = 1.0 if norm == 0 else min(1.0, max_norm / norm)
    return {k: g * scale for k, g in grads.items()}


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
