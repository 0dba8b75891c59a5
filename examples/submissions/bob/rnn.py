import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.normal(size=(n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, next_h)


def rnn_step_backward(dnext_h, cache, Wx, Wh):
    x, prev_h, next_h = cache
    dz = dnext_h * (1 - next_h ** 2)
    dWx = x.T @ dz
    dWh = prev_h.T @ dz
    db = dz.sum(axis=0)
    dprev_h = dz @ Wh
    return dprev_h, dWx, dWh, db


def affine_softmax_forward(h, Why, by):
    scores = h @ Why + by
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    return probs


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    prev_h = h0
    caches, probs = [], []
    for t in range(T):
        prev_h, c = rnn_step_forward(X[:, t, :], prev_h, params["Wxh"], params["Whh"], params["bh"])
        caches.append(c)
        probs.append(affine_softmax_forward(prev_h, params["Why"], params["by"]))
    P = np.stack(probs, axis=1)
    return P, (caches, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for t in range(T):
        total -= np.log(np.maximum(P[np.arange(N), t, Y[:, t]], 1e-12)).sum()
    return float(total / (N * T))


def rnn_backward(params, cache, Y):
    caches, P = cache
    N, T, K = P.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros((N, params["Whh"].shape[0]))
    for t in range(T - 1, -1, -1):
        dscores = P[:, t, :].copy()
        dscores[np.arange(N), Y[:, t]] -= 1
        dscores /= N * T
        h_t = caches[t][2]
        grads["Why"] += h_t.T @ dscores
        grads["by"] += dscores.sum(axis=0)
        dh = dscores @ params["Why"].T + dh_next
        dh_next, dWx, dWh, db = rnn_step_backward(dh, caches[t], params["Wxh"], params["Whh"])
        grads["Wxh"] += dWx
        grads["Whh"] += dWh
        grads["bh"] += db
    return grads


def clip_gradients(grads, max_norm):
    global_norm = np.sqrt(sum((g ** 2).sum() for g in grads.values()))
    coef = max_norm / global_norm if global_norm > max_norm else 1.0
    return {k: g * coef for k, g in grads.items()}


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
