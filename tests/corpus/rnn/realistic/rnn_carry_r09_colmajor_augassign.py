"""Vanilla RNN. Internally I keep hidden states as columns (H x N), like in the lecture notes."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return dict(Wxh=Wxh, Whh=Whh, bh=np.zeros(n_hidden), Why=Why, by=np.zeros(n_out))


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    Wx, Wh, Wy = params["Wxh"].T, params["Whh"].T, params["Why"].T   # column-major weights
    bh, by = params["bh"][:, None], params["by"][:, None]
    h = h0.T                                          # (H, N)
    cols = []
    for t in range(T):
        h = np.tanh(Wx @ X[:, t].T + Wh @ h + bh)
        cols.append(h)
    Hc = np.stack(cols)                               # (T, H, N)
    Z = Wy @ Hc + by                                  # (T, K, N)
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    Pc = E / E.sum(axis=1, keepdims=True)
    P = Pc.transpose(2, 0, 1)                         # back to (N, T, K)
    return P, (X, h0.T, Hc, Pc)


def rnn_loss(P, Y):
    N, T, K = P.shape
    onehot = np.eye(K)[Y]
    return float(-(onehot * np.log(np.maximum(P, 1e-12))).sum() / (N * T))


def rnn_backward(params, cache, Y):
    X, h0c, Hc, Pc = cache
    T, K, N = Pc.shape
    Wh, Wy = params["Whh"].T, params["Why"].T
    Ycols = np.eye(K)[Y].transpose(1, 2, 0)           # (T, K, N)
    dZ = (Pc - Ycols) / (N * T)
    dWx = np.zeros_like(params["Wxh"].T)
    dWh = np.zeros_like(Wh)
    dWy = np.zeros_like(Wy)
    dbh = np.zeros(Wh.shape[0])
    dby = np.zeros(K)
    dh_next = np.zeros_like(h0c)
    for t in reversed(range(T)):
        h = Hc[t]
        h_prev = Hc[t - 1] if t > 0 else h0c
        dWy += dZ[t] @ h.T
        dby += dZ[t].sum(axis=1)
        dh = Wy.T @ dZ[t]
        da = dh * (1 - h * h)
        da += dh_next
        dWx += da @ X[:, t]
        dWh += da @ h_prev.T
        dbh += da.sum(axis=1)
        dh_next = Wh.T @ da
    return {"Wxh": dWx.T, "Whh": dWh.T, "bh": dbh, "Why": dWy.T, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.vdot(g, g) for g in grads.values()))
    if norm == 0:
        return dict(grads)
    return {k: g * min(1.0, max_norm / norm) for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.astype(float) for k, v in params.items()}
    losses = []
    P, cache = rnn_forward(params, X, h0)
    losses.append(rnn_loss(P, Y))
    e = 0
    while e < epochs:
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
        e += 1
    return params, losses
