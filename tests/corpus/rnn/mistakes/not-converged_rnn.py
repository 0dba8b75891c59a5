import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["Wxh"] = rng.standard_normal((n_in, n_hidden)) * np.sqrt(1 / n_in)
    p["Whh"] = rng.standard_normal((n_hidden, n_hidden)) * np.sqrt(1 / n_hidden)
    p["bh"] = np.zeros(n_hidden)
    p["Why"] = rng.standard_normal((n_hidden, n_out)) * np.sqrt(1 / n_hidden)
    p["by"] = np.zeros(n_out)
    return p


def softmax(a):
    a = a - a.max(axis=-1, keepdims=True)
    ea = np.exp(a)
    return ea / ea.sum(axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    hs = np.zeros((N, T + 1, params["Whh"].shape[0]))
    hs[:, 0] = h0
    for t in range(T):
        hs[:, t + 1] = np.tanh(X[:, t] @ params["Wxh"] + hs[:, t] @ params["Whh"] + params["bh"])
    P = softmax(hs[:, 1:] @ params["Why"] + params["by"])
    return P, {"X": X, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    ii, tt = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    return float(-np.mean(np.log(np.clip(P[ii, tt, Y], 1e-12, 1.0))))


def rnn_backward(params, cache, Y):
    X, hs, P = cache["X"], cache["hs"], cache["P"]
    N, T, D = X.shape
    ii, tt = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    dout = P.copy()
    dout[ii, tt, Y] -= 1
    dout /= N * T
    grads = {
        "Why": np.einsum("ntj,ntk->jk", hs[:, 1:], dout),
        "by": dout.sum(axis=(0, 1)),
        "Wxh": np.zeros_like(params["Wxh"]),
        "Whh": np.zeros_like(params["Whh"]),
        "bh": np.zeros_like(params["bh"]),
    }
    dh_next = np.zeros((N, hs.shape[2]))
    for t in reversed(range(T)):
        dh = dout[:, t] @ params["Why"].T + dh_next
        dz = dh * (1 - hs[:, t + 1] ** 2)
        grads["Wxh"] += X[:, t].T @ dz
        grads["Whh"] += hs[:, t].T @ dz
        grads["bh"] += dz.sum(axis=0)
        dh_next = dz @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    s = 1.0 if total == 0 else min(1.0, max_norm / total)
    return {k: s * g for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    new_params = params
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        new_params = {k: params[k] - lr * grads[k] for k in params}
        P_new, _ = rnn_forward(new_params, X, h0)
        losses.append(rnn_loss(P_new, Y))
    return new_params, losses
