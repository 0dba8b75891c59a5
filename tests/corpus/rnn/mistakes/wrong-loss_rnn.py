import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
            "bh": np.zeros(n_hidden),
            "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            "by": np.zeros(n_out)}


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, next_h)


def rnn_step_backward(dnext_h, cache, Wx, Wh):
    x, prev_h, next_h = cache
    dtanh = (1 - next_h ** 2) * dnext_h
    return dtanh @ Wh.T, x.T @ dtanh, prev_h.T @ dtanh, dtanh.sum(axis=0)


def softmax(s):
    s = s - np.max(s, axis=1, keepdims=True)
    e = np.exp(s)
    return e / np.sum(e, axis=1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    h = h0
    caches, P = [], []
    for t in range(T):
        h, c = rnn_step_forward(X[:, t], h, params["Wxh"], params["Whh"], params["bh"])
        caches.append(c)
        P.append(softmax(h @ params["Why"] + params["by"]))
    P = np.stack(P, axis=1)
    return P, (caches, P)


def rnn_loss(P, Y):
    # cross-entropy of every sequence, averaged over the batch
    N, T = Y.shape
    loss = 0.0
    for t in range(T):
        loss += -np.sum(np.log(np.maximum(P[np.arange(N), t, Y[:, t]], 1e-12)))
    return loss / N


def rnn_backward(params, cache, Y):
    caches, P = cache
    N, T, K = P.shape
    grads = {name: np.zeros_like(val) for name, val in params.items()}
    dprev = np.zeros((N, params["Whh"].shape[0]))
    for t in reversed(range(T)):
        dscores = P[:, t].copy()
        dscores[np.arange(N), Y[:, t]] -= 1
        dscores /= N * T
        h = caches[t][2]
        grads["Why"] += h.T @ dscores
        grads["by"] += dscores.sum(axis=0)
        dh = dscores @ params["Why"].T + dprev
        dprev, dWx, dWh, db = rnn_step_backward(dh, caches[t], params["Wxh"], params["Whh"])
        grads["Wxh"] += dWx
        grads["Whh"] += dWh
        grads["bh"] += db
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {name: g * scale for name, g in grads.items()}


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
