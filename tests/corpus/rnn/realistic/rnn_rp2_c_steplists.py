"""RNN with lists of per-step arrays."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["Wxh"] = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    p["Whh"] = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    p["bh"] = np.zeros(n_hidden)
    p["Why"] = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    p["by"] = np.zeros(n_out)
    return p


def _softmax_last(Z):
    Z = Z - np.max(Z, axis=-1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    h = h0
    states = []
    for t in range(T):
        h = np.tanh(np.dot(X[:, t, :], params["Wxh"]) + np.dot(h, params["Whh"]) + params["bh"])
        states.append(h)
    hs = np.stack(states, axis=1)
    P = _softmax_last(np.dot(hs, params["Why"]) + params["by"])
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    picked = P.reshape(N * T, K)[np.arange(N * T), Y.reshape(-1)]
    return float(-np.log(np.maximum(picked, 1e-12)).mean())


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    g = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    dZ = P.copy()
    for n in range(N):
        for t in range(T):
            dZ[n, t, Y[n, t]] -= 1.0
    dZ /= N * T
    dh_next = np.zeros_like(h0, dtype=float)
    for t in range(T - 1, -1, -1):
        h_t = hs[:, t]
        h_prev = hs[:, t - 1] if t > 0 else h0
        g["Why"] += h_t.T @ dZ[:, t]
        g["by"] += dZ[:, t].sum(axis=0)
        da = (dZ[:, t] @ params["Why"].T + dh_next) * (1.0 - h_t * h_t)
        g["Wxh"] += X[:, t].T @ da
        g["Whh"] += h_prev.T @ da
        g["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return g


def clip_gradients(grads, max_norm):
    total = np.sqrt(np.sum([np.sum(np.square(g)) for g in grads.values()]))
    factor = min(1.0, max_norm / total) if total > 0 else 1.0
    return {k: v * factor for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: v - lr * grads[k] for k, v in params.items()}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
