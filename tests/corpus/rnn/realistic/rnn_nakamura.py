# HW4: RNN language-model style, Hiro Nakamura
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    hs = []
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs.append(h)
    scores = np.stack(hs, axis=1) @ params["Why"] + params["by"]
    scores = scores - scores.max(axis=2, keepdims=True)
    P = np.exp(scores)
    P = P / P.sum(axis=2, keepdims=True)
    return P, {"X": X, "h0": h0, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T, _ = P.shape
    n, t = np.indices((N, T))
    return float(-np.mean(np.log(np.maximum(P[n, t, Y], 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache["X"], cache["h0"], cache["hs"], cache["P"]
    N, T, K = P.shape
    dscores = P.copy()
    n, t_idx = np.indices((N, T))
    dscores[n, t_idx, Y] -= 1
    dscores /= N * T
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros_like(params["bh"])
    dWhy = np.zeros_like(params["Why"])
    dby = np.zeros_like(params["by"])
    dh_future = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_t = hs[t]
        h_before = hs[t]
        dWhy += h_t.T @ dscores[:, t]
        dby += dscores[:, t].sum(axis=0)
        dh = dscores[:, t] @ params["Why"].T + dh_future
        da = dh * (1 - h_t ** 2)
        dWxh += X[:, t].T @ da
        dWhh += h_before.T @ da
        dbh += da.sum(axis=0)
        dh_future = da @ params["Whh"].T
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(np.sum(np.square(g)) for g in grads.values()))
    if total == 0:
        return dict(grads)
    return {k: g * min(1.0, max_norm / total) for k, g in grads.items()}


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
