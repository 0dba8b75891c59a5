import numpy as np


def gaussian(rng, rows, cols, fan=1):
    """A (rows, cols) weight matrix, scaled for a layer with `fan` inputs."""
    return rng.standard_normal((rows, cols)) * np.sqrt(fan)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": gaussian(rng, n_in, n_hidden, n_in),
        "Whh": gaussian(rng, n_hidden, n_hidden, n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": gaussian(rng, n_hidden, n_out, n_hidden),
        "by": np.zeros(n_out),
    }


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    H = h0.shape[1]
    hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t, :] = h
    P = softmax(hs @ params["Why"] + params["by"])
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    n, t = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    return float(-np.mean(np.log(np.maximum(P[n, t, Y], 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    dZ = P.copy()
    n, t = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    dZ[n, t, Y] -= 1.0
    dZ /= N * T
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(h0)
    for s in range(T - 1, -1, -1):
        h = hs[:, s]
        h_prev = hs[:, s - 1] if s > 0 else h0
        grads["Why"] += h.T @ dZ[:, s]
        grads["by"] += dZ[:, s].sum(axis=0)
        dh = dZ[:, s] @ params["Why"].T + dh_next
        da = dh * (1.0 - h ** 2)
        grads["Wxh"] += X[:, s].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    scale = min(1.0, max_norm / total) if total > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
