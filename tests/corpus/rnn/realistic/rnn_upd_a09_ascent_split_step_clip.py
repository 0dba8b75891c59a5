import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    def w(fan_in, fan_out):
        return rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)
    Wxh = w(n_in, n_hidden)
    Whh = w(n_hidden, n_hidden)
    Why = w(n_hidden, n_out)
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def softmax_rows(z):
    z = z - np.max(z, axis=-1, keepdims=True)
    ez = np.exp(z)
    return ez / np.sum(ez, axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params["Whh"].shape[0]
    hs = np.zeros((N, T, H))
    probs = []
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t, :] = h
        probs.append(softmax_rows(h @ params["Why"] + params["by"]))
    P = np.stack(probs, axis=1)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    p = np.maximum(P[n_idx, t_idx, Y], 1e-12)
    return float(-np.log(p).sum() / (N * T))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, D = X.shape
    K = P.shape[2]
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        dz = P[:, t, :].copy()
        dz[np.arange(N), Y[:, t]] -= 1.0
        dz /= N * T
        h_t = hs[:, t, :]
        h_prev = hs[:, t - 1, :] if t > 0 else h0
        grads["Why"] += h_t.T @ dz
        grads["by"] += dz.sum(axis=0)
        dh = dz @ params["Why"].T + dh_next
        da = dh * (1.0 - h_t ** 2)
        grads["Wxh"] += X[:, t, :].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    total = 0.0
    for g in grads.values():
        total += np.sum(g * g)
    norm = np.sqrt(total)
    factor = 1.0
    if norm > max_norm:
        factor = max_norm / norm
    return {k: g * factor for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        grads = rnn_backward(params, cache, Y)
        # global norm of all gradients, for clipping
        sq = 0.0
        for g in grads.values():
            sq += np.sum(g ** 2)
        for k in params:
            delta = lr * grads[k] / max(1.0, np.sqrt(sq) / max_norm)
            params[k] += delta
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
