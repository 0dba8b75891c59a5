# RNN with BPTT; hidden states kept in a list with h0 in front (hs[t] is h_t,
# hs[0] = h0), steps numbered from 1 like in the lecture.   D. Mensah
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden)),
            "Whh": rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_hidden)),
            "bh": np.zeros(n_hidden),
            "Why": rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out)),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    T = X.shape[1]
    hs = [h0]
    for t in range(1, T + 1):
        hs.append(np.tanh(X[:, t - 1] @ params["Wxh"] + hs[t - 1] @ params["Whh"] + params["bh"]))
    H = np.stack(hs[1:], axis=1)
    Z = H @ params["Why"] + params["by"]
    Z -= Z.max(axis=-1, keepdims=True)
    P = np.exp(Z) / np.exp(Z).sum(axis=-1, keepdims=True)
    return P, (X, hs, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    p = P.reshape(N * T, K)[np.arange(N * T), Y.reshape(-1)]
    return float(-np.log(np.maximum(p, 1e-12)).mean())


def rnn_backward(params, cache, Y):
    X, hs, P = cache
    N, T, K = P.shape
    dZ = P.copy()
    for n in range(N):
        for t in range(T):
            dZ[n, t, Y[n, t]] -= 1.0
    dZ /= N * T
    g = {k: np.zeros(v.shape) for k, v in params.items()}
    carry = np.zeros_like(hs[0])
    for t in range(T, 0, -1):
        g["Why"] += hs[t].T @ dZ[:, t - 1]
        g["by"] += dZ[:, t - 1].sum(axis=0)
        dh = dZ[:, t - 1] @ params["Why"].T + carry
        da = dh * (1 - hs[t] * hs[t])
        g["Wxh"] += X[:, t - 1].T @ da
        g["Whh"] += hs[t - 1].T @ da
        g["bh"] += da.sum(axis=0)
        carry = da @ params["Whh"].T
    return g


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    s = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: v * s for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = [rnn_loss(rnn_forward(params, X, h0)[0], Y)]
    for _ in range(epochs):
        _, cache = rnn_forward(params, X, h0)
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        losses.append(rnn_loss(rnn_forward(params, X, h0)[0], Y))
    return params, losses
