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
    H = params["Whh"].shape[0]
    hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        hs[:, t] = X[:, t] @ params["Wxh"]
        hs[:, t] += h @ params["Whh"] + params["bh"]
        np.tanh(hs[:, t], out=hs[:, t])
        h = hs[:, t].copy()
        np.tanh(hs[:, t], out=hs[:, t])
    Z = hs @ params["Why"] + params["by"]
    Z -= Z.max(axis=2, keepdims=True)
    np.exp(Z, out=Z)
    Z /= Z.sum(axis=2, keepdims=True)
    return Z, (X, h0, hs, Z)


def rnn_loss(P, Y):
    p = np.take_along_axis(P, Y[..., None], axis=2)[..., 0]
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    H = hs.shape[2]
    dZ = (P - np.eye(K)[Y]) / (N * T)
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros((N, H))
    for t in reversed(range(T)):
        h = hs[:, t].copy()
        h_prev = hs[:, t - 1] if t > 0 else h0
        grads["Why"] += h.T @ dZ[:, t]
        grads["by"] += dZ[:, t].sum(axis=0)
        da = (dZ[:, t] @ params["Why"].T + dh_next) * (1.0 - h ** 2)
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = 1.0 if norm == 0 else min(1.0, max_norm / norm)
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
