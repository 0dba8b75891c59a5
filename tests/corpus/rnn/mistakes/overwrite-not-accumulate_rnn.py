import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    s = 1.0 / np.sqrt(n_hidden)
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) * s,
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) * s,
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    Hdim = params["Whh"].shape[0]
    hs = np.zeros((N, T + 1, Hdim))
    hs[:, 0, :] = h0
    for t in range(T):
        hs[:, t + 1, :] = np.tanh(X[:, t, :] @ params["Wxh"] + hs[:, t, :] @ params["Whh"] + params["bh"])
    logits = hs[:, 1:, :] @ params["Why"] + params["by"]
    logits = logits - logits.max(axis=2, keepdims=True)
    P = np.exp(logits)
    P = P / P.sum(axis=2, keepdims=True)
    return P, {"X": X, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    probs = np.take_along_axis(P, Y[:, :, None], axis=2)[:, :, 0]
    return float(-np.log(np.maximum(probs, 1e-12)).mean())


def rnn_backward(params, cache, Y):
    X, hs, P = cache["X"], cache["hs"], cache["P"]
    N, T, D = X.shape
    K = P.shape[2]
    dlogits = (P - np.eye(K)[Y]) / (N * T)
    dWhy = np.einsum("nth,ntk->hk", hs[:, 1:, :], dlogits)
    dby = dlogits.sum(axis=(0, 1))
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros_like(params["bh"])
    dh_next = np.zeros((N, hs.shape[2]))
    for t in reversed(range(T)):
        dh = dlogits[:, t, :] @ params["Why"].T + dh_next
        dz = dh * (1 - hs[:, t + 1, :] ** 2)
        dWxh += X[:, t, :].T @ dz
        dWhh = hs[:, t, :].T @ dz
        dbh += dz.sum(axis=0)
        dh_next = dz @ params["Whh"].T
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    gn = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    c = min(1.0, max_norm / gn) if gn > 0 else 1.0
    return {k: g * c for k, g in grads.items()}


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
