# Lab 4: recurrent net, backprop through time
# using float32 everywhere (faster + what pytorch uses by default)
import numpy as np

DTYPE = np.float32


def init_params(n_in, n_hidden, n_out, rng):
    p = {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }
    return {k: v.astype(DTYPE) for k, v in p.items()}


def rnn_forward(params, X, h0):
    Wxh = params["Wxh"].astype(DTYPE)
    Whh = params["Whh"].astype(DTYPE)
    bh = params["bh"].astype(DTYPE)
    Why = params["Why"].astype(DTYPE)
    by = params["by"].astype(DTYPE)
    X = X.astype(DTYPE)
    N, T, D = X.shape
    H = Whh.shape[0]
    K = Why.shape[1]
    hs = np.zeros((N, T, H), dtype=DTYPE)
    P = np.zeros((N, T, K), dtype=DTYPE)
    h = h0.astype(DTYPE)
    for t in range(T):
        h = np.tanh(X[:, t] @ Wxh + h @ Whh + bh)
        hs[:, t] = h
        z = h @ Why + by
        z = z - z.max(axis=1, keepdims=True)
        ez = np.exp(z)
        P[:, t] = ez / ez.sum(axis=1, keepdims=True)
    return P, (X, h0.astype(DTYPE), hs, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    correct = P[n_idx, t_idx, Y]
    return float(-np.log(np.maximum(correct, 1e-12)).mean())


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    Whh = params["Whh"].astype(DTYPE)
    Why = params["Why"].astype(DTYPE)

    grads = {k: np.zeros(v.shape, dtype=DTYPE) for k, v in params.items()}
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, 0, -1):
        dz = P[:, t].copy()
        dz[np.arange(N), Y[:, t]] -= 1
        dz = dz / T                       # loss is averaged over time
        grads["Why"] += hs[:, t].T @ dz
        grads["by"] += dz.sum(axis=0)
        dh = dz @ Why.T + dh_next
        da = dh * (1 - hs[:, t] ** 2)
        h_prev = hs[:, t - 1] if t > 0 else h0
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ Whh.T
    return grads


def clip_gradients(grads, max_norm):
    sq = 0.0
    for g in grads.values():
        sq += float(np.sum(g.astype(np.float64) ** 2))
    norm = np.sqrt(sq)
    if norm == 0 or norm <= max_norm:
        return {k: g.copy() for k, g in grads.items()}
    return {k: (g * (max_norm / norm)).astype(g.dtype) for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=DTYPE) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for e in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = (params[k] - lr * grads[k]).astype(DTYPE)
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
