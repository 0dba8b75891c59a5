"""RNN homework: BPTT written step by step."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    hs = np.empty((N, T, params["Whh"].shape[0]))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t] = h
    Z = hs @ params["Why"] + params["by"]
    E = np.exp(Z - Z.max(axis=2, keepdims=True))
    return E / E.sum(axis=2, keepdims=True), (X, h0, hs, E / E.sum(axis=2, keepdims=True))


def rnn_loss(P, Y):
    p = np.take_along_axis(P, Y[..., None], axis=2)[..., 0]
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    H = hs.shape[2]
    dZ = (P - np.eye(K)[Y]) / (N * T)
    g = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    g["Why"] = np.einsum("nth,ntk->hk", hs, dZ)
    g["by"] = dZ.sum(axis=(0, 1))
    dh_next = np.zeros((N, H))
    run_bh = np.zeros(H)
    for t in reversed(range(T)):
        h_prev = hs[:, t - 1] if t > 0 else h0
        dh = dZ[:, t] @ params["Why"].T + dh_next
        da = dh * (1.0 - hs[:, t] ** 2)
        g["Wxh"] += X[:, t].T @ da
        g["Whh"] += h_prev.T @ da
        run_bh = da.sum(axis=0)
        g["bh"] = run_bh
        dh_next = da @ params["Whh"].T
    return g


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    if norm > max_norm:
        return {k: g * (max_norm / norm) for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


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
