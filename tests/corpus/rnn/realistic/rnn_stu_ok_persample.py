# RNN assignment -- I found it easiest to think about ONE sequence at a time,
# so forward/backward loop over the batch and over time (slow but clear).
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def _softmax_vec(s):
    s = s - s.max()
    e = np.exp(s)
    return e / e.sum()


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params["Whh"].shape[0]
    K = params["Why"].shape[1]
    P = np.zeros((N, T, K))
    states = np.zeros((N, T + 1, H))
    for n in range(N):
        states[n, 0] = h0[n]
        for t in range(T):
            states[n, t + 1] = np.tanh(X[n, t] @ params["Wxh"] + states[n, t] @ params["Whh"] + params["bh"])
            P[n, t] = _softmax_vec(states[n, t + 1] @ params["Why"] + params["by"])
    return P, {"X": X, "states": states, "P": P}


def rnn_loss(P, Y):
    N, T, _ = P.shape
    s = 0.0
    for n in range(N):
        for t in range(T):
            s -= np.log(max(P[n, t, Y[n, t]], 1e-12))
    return float(s / (N * T))


def rnn_backward(params, cache, Y):
    X, states, P = cache["X"], cache["states"], cache["P"]
    N, T, K = P.shape
    scale = 1.0 / (N * T)
    g = {k: np.zeros_like(v) for k, v in params.items()}
    for n in range(N):
        carry = np.zeros(states.shape[2])
        for t in reversed(range(T)):
            dy = P[n, t].copy()
            dy[Y[n, t]] -= 1.0
            dy *= scale
            h, h_prev = states[n, t + 1], states[n, t]
            g["Why"] += np.outer(h, dy)
            g["by"] += dy
            da = (params["Why"] @ dy + carry) * (1.0 - h * h)
            g["Wxh"] += np.outer(X[n, t], da)
            g["Whh"] += np.outer(h_prev, da)
            g["bh"] += da
            carry = params["Whh"] @ da
    return g


def clip_gradients(grads, max_norm):
    sq = 0.0
    for key in grads:
        sq += float(np.sum(grads[key] ** 2))
    norm = np.sqrt(sq)
    ratio = 1.0
    if norm > max_norm:
        ratio = max_norm / norm
    return {key: grads[key] * ratio for key in grads}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    cur = {k: v.astype(float).copy() for k, v in params.items()}
    P, cache = rnn_forward(cur, X, h0)
    hist = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(cur, cache, Y), max_norm)
        cur = {k: cur[k] - lr * grads[k] for k in cur}
        P, cache = rnn_forward(cur, X, h0)
        hist.append(rnn_loss(P, Y))
    return cur, hist
