"""Vanilla RNN, one helper per time step."""
import numpy as np


def _softmax(z):
    z = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


ACT = {"hidden": np.tanh, "output": _softmax}


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def step(params, x_t, h_prev):
    """h_t from x_t and h_{t-1}."""
    return ACT["hidden"](x_t @ params["Wxh"] + h_prev @ params["Whh"] + params["bh"])


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    H = np.zeros((N, T, h0.shape[1]))
    h = h0
    for t in range(T):
        h = step(params, X[:, t, :], h)
        H[:, t, :] = ACT["hidden"](h)
    P = ACT["output"](H @ params["Why"] + params["by"])
    return P, (X, h0, H, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    return float(-np.mean(np.log(np.maximum(P[n_idx, t_idx, Y], 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, H, P = cache
    N, T, K = P.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dZ = P.copy()
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    dZ[n_idx, t_idx, Y] -= 1.0
    dZ /= N * T
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h = H[:, t, :]
        h_prev = H[:, t - 1, :] if t > 0 else h0
        grads["Why"] += h.T @ dZ[:, t, :]
        grads["by"] += dZ[:, t, :].sum(axis=0)
        dh = dZ[:, t, :] @ params["Why"].T + dh_next
        da = dh * (1.0 - h * h)
        grads["Wxh"] += X[:, t, :].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    if norm > max_norm:
        return {k: g * (max_norm / norm) for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: v - lr * grads[k] for k, v in params.items()}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
