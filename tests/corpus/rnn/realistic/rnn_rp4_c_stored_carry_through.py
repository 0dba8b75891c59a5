import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    g = lambda r, c: rng.standard_normal((r, c)) / np.sqrt(r)
    return {"Wxh": g(n_in, n_hidden), "Whh": g(n_hidden, n_hidden), "bh": np.zeros(n_hidden),
            "Why": g(n_hidden, n_out), "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = h0.shape[1]
    a_all = np.empty((N, T, H))
    h_all = np.empty((N, T, H))
    h = h0
    for t in range(T):
        a = X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(a)
        a_all[:, t] = a
        h_all[:, t] = h
    Z = h_all @ params["Why"] + params["by"]
    Z = Z - Z.max(axis=-1, keepdims=True)
    E = np.exp(Z)
    P = E / E.sum(axis=-1, keepdims=True)
    return P, (X, h0, a_all, h_all, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    return float(-np.log(np.maximum(np.take_along_axis(P, Y[..., None], 2), 1e-12)).sum() / (N * T))


def rnn_backward(params, cache, Y):
    X, h0, a_all, h_all, P = cache
    N, T, K = P.shape
    Whh, Why = params["Whh"], params["Why"]
    dZ = (P - np.eye(K)[Y]) / (N * T)
    g = {k: np.zeros_like(v) for k, v in params.items()}
    # da_carry: dL/da_t coming from step t+1, already through tanh'(a_t)
    da_carry = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        slope = 1 - np.tanh(a_all[:, t]) ** 2
        da = (dZ[:, t] @ Why.T) * slope + da_carry
        h_prev = h0 if t == 0 else h_all[:, t - 1]
        g["Wxh"] += X[:, t].T @ da
        g["Whh"] += h_prev.T @ da
        g["bh"] += da.sum(axis=0)
        g["Why"] += h_all[:, t].T @ dZ[:, t]
        g["by"] += dZ[:, t].sum(axis=0)
        if t > 0:
            da_carry = (da @ Whh.T) * (1 - np.tanh(a_all[:, t - 1]) ** 2)
    return g


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.vdot(v, v) for v in grads.values()))
    s = 1.0 if norm <= max_norm else max_norm / norm
    return {k: v * s for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.asarray(v, dtype=float).copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
