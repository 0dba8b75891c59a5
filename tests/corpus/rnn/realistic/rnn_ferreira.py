"""RNN, assignment 4 -- Bruno Ferreira.
Small caches at module level so repeated calls do not rebuild the same arrays."""
import numpy as np

_EYE = {}        # K -> identity matrix, for one-hot targets
_GRADS = {}      # gradient buffers, reused between calls


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
            "bh": np.zeros(n_hidden),
            "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    hs = np.zeros((N, T, params["Whh"].shape[0]))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t] = h
    Z = hs @ params["Why"] + params["by"]
    E = np.exp(Z - Z.max(axis=2, keepdims=True))
    P = E / E.sum(axis=2, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    p = np.take_along_axis(P, Y[..., None], axis=2)
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    if K not in _EYE:
        _EYE[K] = np.eye(K)
    dZ = (P - _EYE[K][Y]) / (N * T)
    for name, value in params.items():
        _GRADS.setdefault(name, np.zeros_like(value, dtype=float))
    dh_next = np.zeros_like(h0, dtype=float)
    for t in reversed(range(T)):
        h = hs[:, t]
        h_prev = hs[:, t - 1] if t > 0 else h0
        _GRADS["Why"] += h.T @ dZ[:, t]
        _GRADS["by"] += dZ[:, t].sum(axis=0)
        da = (dZ[:, t] @ params["Why"].T + dh_next) * (1 - h ** 2)
        _GRADS["Wxh"] += X[:, t].T @ da
        _GRADS["Whh"] += h_prev.T @ da
        _GRADS["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return {k: _GRADS[k].copy() for k in params}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
