# rnn_bptt_v2.py  --  Assignment 4 (RNN), second attempt
# helper functions first, then the required API

import numpy as np


# ---------------- helpers ----------------

def softmax(z):
    """row-wise stable softmax over the last axis"""
    zmax = np.max(z, axis=-1, keepdims=True)
    ez = np.exp(z - zmax)
    return ez / ez.sum(axis=-1, keepdims=True)


def one_hot(Y, K):
    return np.eye(K)[Y]


def tanh_deriv(x):
    # tanh = sinh/cosh, quotient rule:
    # d/dx tanh(x) = (cosh*cosh - sinh*sinh) / cosh^2
    return (np.cosh(x) ** 2 - np.sinh(x) ** 2) / x ** 2


def rnn_step(x_t, h_prev, Wxh, Whh, bh):
    a_t = x_t @ Wxh + h_prev @ Whh + bh
    return a_t, np.tanh(a_t)


# ---------------- assignment functions ----------------

def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) * (1.0 / np.sqrt(n_in)),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) * (1.0 / np.sqrt(n_hidden)),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) * (1.0 / np.sqrt(n_hidden)),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    H = params["Whh"].shape[0]
    A = np.zeros((N, T, H))   # pre-activations, needed for tanh'
    Hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        a, h = rnn_step(X[:, t, :], h, params["Wxh"], params["Whh"], params["bh"])
        A[:, t, :] = a
        Hs[:, t, :] = h
    P = softmax(Hs @ params["Why"] + params["by"])
    return P, (X, h0, A, Hs, P)


def rnn_loss(P, Y):
    picked = np.take_along_axis(P, Y[:, :, None], axis=2).squeeze(-1)
    return float(-np.mean(np.log(np.maximum(picked, 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, A, Hs, P = cache
    N, T, K = P.shape
    H = Hs.shape[2]

    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    dZ = (P - one_hot(Y, K)) / (N * T)

    grads["Why"] = np.einsum("nth,ntk->hk", Hs, dZ)
    grads["by"] = dZ.sum(axis=(0, 1))

    dh_next = np.zeros((N, H))
    for t in reversed(range(T)):
        dh = dZ[:, t, :] @ params["Why"].T + dh_next
        da = dh * tanh_deriv(A[:, t, :])
        h_prev = h0 if t == 0 else Hs[:, t - 1, :]
        grads["Wxh"] += X[:, t, :].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += np.sum(da, axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def global_norm(grads):
    return np.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values()))


def clip_gradients(grads, max_norm):
    gn = global_norm(grads)
    c = 1.0 if gn == 0.0 else min(1.0, max_norm / gn)
    return {name: c * g for name, g in grads.items()}


def sgd_step(params, grads, lr):
    return {name: params[name] - lr * grads[name] for name in params}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {name: np.array(p, dtype=float) for name, p in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = sgd_step(params, g, lr)
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
