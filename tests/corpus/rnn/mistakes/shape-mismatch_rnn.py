import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    params = {
        "Wxh": 1.0 / np.sqrt(n_in) * rng.standard_normal((n_in, n_hidden)),
        "Whh": 1.0 / np.sqrt(n_hidden) * rng.standard_normal((n_hidden, n_hidden)),
        "bh": np.zeros(n_hidden),
        "Why": 1.0 / np.sqrt(n_hidden) * rng.standard_normal((n_hidden, n_out)),
        "by": np.zeros(n_out),
    }
    return params


def softmax(x):
    x = x - np.max(x, axis=1, keepdims=True)
    ex = np.exp(x)
    return ex / np.sum(ex, axis=1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    h_list = [h0]
    p_list = []
    for t in range(T):
        h = np.tanh(np.dot(X[:, t, :], params["Wxh"]) + np.dot(h_list[-1], params["Whh"]) + params["bh"])
        h_list.append(h)
        p_list.append(softmax(np.dot(h, params["Why"]) + params["by"]))
    P = np.stack(p_list, axis=1)
    cache = (X, h_list, p_list)
    return P, cache


def rnn_loss(P, Y):
    N, T = Y.shape
    logp = np.log(np.clip(P[np.arange(N)[:, None], np.arange(T)[None, :], Y], 1e-12, 1.0))
    return float(-np.sum(logp) / (N * T))


def rnn_backward(params, cache, Y):
    X, h_list, p_list = cache
    N, T, D = X.shape
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dWhy = np.zeros_like(params["Why"])
    dbh = np.zeros((1, params["Whh"].shape[0]))
    dby = np.zeros((1, params["Why"].shape[1]))
    dh_next = np.zeros_like(h_list[0], dtype=float)
    for t in reversed(range(T)):
        dy = p_list[t].copy()
        dy[np.arange(N), Y[:, t]] -= 1
        dy = dy / (N * T)
        dWhy += np.dot(h_list[t + 1].T, dy)
        dby += np.sum(dy, axis=0, keepdims=True)
        dh = np.dot(dy, params["Why"].T) + dh_next
        dz = (1 - h_list[t + 1] ** 2) * dh
        dWxh += np.dot(X[:, t, :].T, dz)
        dWhh += np.dot(h_list[t].T, dz)
        dbh += np.sum(dz, axis=0, keepdims=True)
        dh_next = np.dot(dz, params["Whh"].T)
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(np.sum([np.sum(g ** 2) for g in grads.values()]))
    if norm > max_norm:
        return {k: g * max_norm / norm for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for i in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
