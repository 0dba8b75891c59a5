import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
            "bh": np.zeros(n_hidden),
            "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    h = h0
    hs, ps = [], []
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        z = h @ params["Why"] + params["by"]
        e = np.exp(z - z.max(axis=1, keepdims=True))
        hs.append(h)
        ps.append(e / e.sum(axis=1, keepdims=True))
    return np.stack(ps, axis=1), (X, h0, hs, ps)


def rnn_loss(P, Y):
    N, T = Y.shape
    picked = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.log(np.maximum(picked, 1e-12)).mean())


def rnn_backward(params, cache, Y):
    X, h0, hs, ps = cache
    N, T = Y.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dz = ps[t].copy()
        dz[np.arange(N), Y[:, t]] -= 1
        dz /= N * T
        grads["Why"] += hs[t].T @ dz
        grads["by"] += dz.sum(axis=0)
        dh = dz @ params["Why"].T + dh_next
        da = dh * (1 - hs[t] ** 2)
        h_before = hs[t - 1] if t > 0 else 0.0 * h0
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += h_before.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(float((g ** 2).sum()) for g in grads.values()))
    s = min(1.0, max_norm / total) if total > 0 else 1.0
    return {k: g * s for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.astype(float).copy() for k, v in params.items()}
    P, _ = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        P, cache = rnn_forward(params, X, h0)
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        P, _ = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
