import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
            "bh": np.zeros(n_hidden),
            "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            "by": np.zeros(n_out)}


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    a = x @ Wx + prev_h @ Wh + b
    next_h = np.tanh(a)
    cache = (x, prev_h, a)
    return next_h, cache


def rnn_step_backward(dnext_h, cache, Wx, Wh):
    x, prev_h, a = cache
    da = dnext_h * (1 - a ** 2)          # tanh'(a) = 1 - tanh^2
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = np.sum(da, axis=0)
    return dx, dprev_h, dWx, dWh, db


def temporal_softmax(scores):
    scores = scores - np.max(scores, axis=2, keepdims=True)
    p = np.exp(scores)
    return p / np.sum(p, axis=2, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    h = h0
    hs, caches = [], []
    for t in range(T):
        h, c = rnn_step_forward(X[:, t, :], h, params["Wxh"], params["Whh"], params["bh"])
        hs.append(h)
        caches.append(c)
    Hs = np.stack(hs, axis=1)
    P = temporal_softmax(Hs @ params["Why"] + params["by"])
    return P, (caches, Hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    flat = P.reshape(N * T, -1)
    p = flat[np.arange(N * T), Y.reshape(-1)]
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


def rnn_backward(params, cache, Y):
    caches, Hs, P = cache
    N, T, K = P.shape
    dscores = P.reshape(N * T, K).copy()
    dscores[np.arange(N * T), Y.reshape(-1)] -= 1
    dscores = dscores.reshape(N, T, K) / (N * T)
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    grads["Why"] = Hs.reshape(N * T, -1).T @ dscores.reshape(N * T, K)
    grads["by"] = dscores.sum(axis=(0, 1))
    dHs = dscores @ params["Why"].T
    dprev_h = np.zeros_like(Hs[:, 0, :])
    for t in reversed(range(T)):
        _, dprev_h, dWx, dWh, db = rnn_step_backward(dHs[:, t, :] + dprev_h, caches[t], params["Wxh"], params["Whh"])
        grads["Wxh"] += dWx
        grads["Whh"] += dWh
        grads["bh"] += db
    return grads


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / total) if total > 0 else 1.0
    return {k: scale * g for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for it in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
