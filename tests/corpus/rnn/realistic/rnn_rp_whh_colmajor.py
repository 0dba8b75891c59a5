# Assignment 4: vanilla RNN.  (B. Sato)
# I accumulate the recurrent weight gradient as (to, from) like in the
# lecture notes and transpose it back when I return it.
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["Wxh"] = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    p["Whh"] = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    p["bh"] = np.zeros(n_hidden)
    p["Why"] = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    p["by"] = np.zeros(n_out)
    return p


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    h = h0
    hs = []
    for t in range(T):
        a = X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(a)
        hs.append(h)
    hs = np.stack(hs, axis=1)
    Z = hs @ params["Why"] + params["by"]
    Z = Z - Z.max(axis=2, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=2, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    picked = np.take_along_axis(P, Y[:, :, None], axis=2)
    return float(-np.mean(np.log(np.maximum(picked, 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    H = hs.shape[2]
    dZ = P.copy()
    np.put_along_axis(dZ, Y[:, :, None], np.take_along_axis(P, Y[:, :, None], axis=2) - 1.0, axis=2)
    dZ /= N * T
    g = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    g["Why"] = np.einsum("nth,ntk->hk", hs, dZ)
    g["by"] = dZ.sum(axis=(0, 1))
    gWhh_T = np.zeros((H, H))
    dh_next = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        h_prev = hs[:, t - 1] if t > 0 else h0
        dh = dZ[:, t] @ params["Why"].T + dh_next
        da = dh * (1.0 - hs[:, t] ** 2)
        g["Wxh"] += X[:, t].T @ da
        gWhh_T += np.dot(h_prev.T, da)           # (to, from)
        g["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    g["Whh"] = gWhh_T.T
    return g


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    factor = min(1.0, max_norm / total) if total > 0 else 1.0
    return {k: g * factor for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
