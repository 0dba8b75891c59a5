import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh) + b)
    cache = (x, prev_h, Wx, Wh, next_h)
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    dz = dnext_h * (1 - next_h ** 2)
    dx = dz.dot(Wx.T)
    dprev_h = dz.dot(Wh.T)
    dWx = x.T.dot(dz)
    dWh = prev_h.T.dot(dz)
    db = dz.sum(axis=0)
    return dx, dprev_h, dWx, dWh, db


def softmax(scores):
    scores = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    h = h0
    step_caches = []
    hs = []
    for t in range(T):
        h, c = rnn_step_forward(X[:, t, :], h, params["Wxh"], params["Whh"], params["bh"])
        step_caches.append(c)
        hs.append(h)
    H = np.stack(hs, axis=1)                       # (N, T, H)
    P = softmax(H.dot(params["Why"]) + params["by"])
    return P, (step_caches, H, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    p = P[np.arange(N)[:, None], np.arange(T), Y]
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


def rnn_backward(params, cache, Y):
    step_caches, H, P = cache
    N, T, K = P.shape
    Yoh = np.zeros_like(P)
    Yoh[np.arange(N)[:, None], np.arange(T), Y] = 1.0
    dscores = (Yoh - P) / (N * T)
    dWhy = np.einsum("nth,ntk->hk", H, dscores)
    dby = dscores.sum(axis=(0, 1))
    dH = dscores.dot(params["Why"].T)
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros_like(params["bh"])
    dprev = np.zeros((N, H.shape[2]))
    for t in reversed(range(T)):
        _, dprev, dWx_t, dWh_t, db_t = rnn_step_backward(dH[:, t, :] + dprev, step_caches[t])
        dWxh += dWx_t
        dWhh += dWh_t
        dbh += db_t
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: v * scale for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
