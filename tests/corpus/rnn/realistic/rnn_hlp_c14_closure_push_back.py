"""RNN with BPTT. rnn_backward uses a local helper to send a gradient back
through a weight matrix given in its transposed layout."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
            "bh": np.zeros(n_hidden),
            "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    h = h0
    hs = np.zeros((N, T, h0.shape[1]))
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t] = h
    Z = hs @ params["Why"] + params["by"]
    Z = Z - Z.max(axis=2, keepdims=True)
    P = np.exp(Z) / np.exp(Z).sum(axis=2, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    return float(-np.mean(np.log(np.maximum(P[n_idx, t_idx, Y], 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape

    def push_back(grad, W_t):
        """Gradient w.r.t. the input of a layer out = inp @ W, with W_t = W.T."""
        return grad @ W_t

    dZ = P.copy()
    for t in range(T):
        dZ[np.arange(N), t, Y[:, t]] -= 1
    dZ /= N * T
    dh_out = push_back(dZ, params["Why"].T)
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros_like(params["bh"])
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        da = (dh_out[:, t] + dh_next) * (1 - hs[:, t] ** 2)
        prev = hs[:, t - 1] if t >= 1 else h0
        dWxh += X[:, t].T @ da
        dWhh += prev.T @ da
        dbh += da.sum(axis=0)
        dh_next = push_back(da, params["Whh"])
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh,
            "Why": np.tensordot(hs, dZ, axes=([0, 1], [0, 1])),
            "by": dZ.sum(axis=(0, 1))}


def clip_gradients(grads, max_norm):
    g2 = sum(float((g ** 2).sum()) for g in grads.values())
    factor = 1.0 if g2 <= max_norm ** 2 else max_norm / np.sqrt(g2)
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
