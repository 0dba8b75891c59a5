"""RNN assignment.   Tran Minh Duc

Weight init goes through one helper so all three matrices are scaled the
same way.
"""
import numpy as np


def normal_init(shape, rng, std=None):
    """Gaussian weights; default std is 1/sqrt(fan_in) (fan_in = shape[0])."""
    if std is None:
        std = 1.0 / np.sqrt(shape[0])
    return rng.normal(0.0, std, size=shape)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": normal_init((n_in, n_hidden), rng, n_in),
        "Whh": normal_init((n_hidden, n_hidden), rng, n_hidden),
        "Why": normal_init((n_hidden, n_out), rng, n_hidden),
        "bh": np.zeros(n_hidden),
        "by": np.zeros(n_out),
    }


def softmax(Z):
    Z = Z - Z.max(axis=-1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = h0.shape[1]
    hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t, :] = h
    P = softmax(hs @ params["Why"] + params["by"])
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    p = P.reshape(-1, K)[np.arange(N * T), Y.ravel()]
    return float(-np.log(np.maximum(p, 1e-12)).mean())


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    H = hs.shape[2]
    dZ = P.copy()
    dZ[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1
    dZ /= N * T
    grads = {
        "Wxh": np.zeros_like(params["Wxh"]),
        "Whh": np.zeros_like(params["Whh"]),
        "bh": np.zeros_like(params["bh"]),
        "Why": np.einsum("nth,ntk->hk", hs, dZ),
        "by": dZ.sum(axis=(0, 1)),
    }
    dh_next = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        dh = dZ[:, t] @ params["Why"].T + dh_next
        da = dh * (1 - hs[:, t] ** 2)
        prev = h0 if t == 0 else hs[:, t - 1]
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    gnorm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / gnorm) if gnorm > 0 else 1.0
    return {k: scale * g for k, g in grads.items()}


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
