import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["Wxh"] = rng.standard_normal((n_in, n_hidden)) / n_in ** 0.5
    p["Whh"] = rng.standard_normal((n_hidden, n_hidden)) / n_hidden ** 0.5
    p["bh"] = np.zeros(n_hidden)
    p["Why"] = rng.standard_normal((n_hidden, n_out)) / n_hidden ** 0.5
    p["by"] = np.zeros(n_out)
    return p


def rnn_forward(params, X, h0):
    Wxh, Whh, bh, Why, by = params["Wxh"], params["Whh"], params["bh"], params["Why"], params["by"]
    N, T, D = X.shape
    pre, hid = [], [h0]
    for t in range(T):
        a_t = X[:, t] @ Wxh + hid[-1] @ Whh + bh
        pre.append(a_t)
        hid.append(np.tanh(a_t))
    hs = np.stack(hid[1:], axis=1)
    z = hs @ Why + by
    z = z - z.max(axis=2, keepdims=True)
    P = np.exp(z) / np.exp(z).sum(axis=2, keepdims=True)
    return P, (X, hid, pre, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    logp = np.log(np.maximum(P, 1e-12))
    return float(-sum(logp[n, t, Y[n, t]] for n in range(N) for t in range(T)) / (N * T))


def rnn_backward(params, cache, Y):
    X, hid, pre, P = cache
    Whh, Why = params["Whh"], params["Why"]
    N, T, K = P.shape
    dz = P - np.eye(K)[Y]
    dz = dz / (N * T)
    dWxh, dWhh, dbh = np.zeros_like(params["Wxh"]), np.zeros_like(Whh), np.zeros_like(params["bh"])
    dh_next = np.zeros_like(hid[0])
    for t in reversed(range(T)):
        h, h_prev = hid[t + 1], hid[t]
        # dh_next already carries tanh'(a_t), so only this step's own part still needs it
        da = (dz[:, t] @ Why.T) * (1 - h ** 2) + dh_next
        dWxh += X[:, t].T @ da
        dWhh += h_prev.T @ da
        dbh += da.sum(axis=0)
        dh_next = (da @ Whh.T) * (1 - np.square(h_prev))
    hs = np.stack(hid[1:], axis=1)
    dWhy = np.tensordot(hs, dz, axes=([0, 1], [0, 1]))
    dby = dz.sum(axis=(0, 1))
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    if norm <= max_norm:
        return {k: g.copy() for k, g in grads.items()}
    return {k: g * (max_norm / norm) for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * g[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
