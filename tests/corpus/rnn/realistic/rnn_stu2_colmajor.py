# RNN homework -- Isabela Costa
# Column-major inside: hidden state h is (H, N), x_t is (D, N).
# h_t = tanh(Wxh^T x_t + Whh^T h_{t-1} + bh)

import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["Wxh"] = rng.standard_normal((n_in, n_hidden)) * (1.0 / np.sqrt(n_in))
    p["Whh"] = rng.standard_normal((n_hidden, n_hidden)) * (1.0 / np.sqrt(n_hidden))
    p["bh"] = np.zeros(n_hidden)
    p["Why"] = rng.standard_normal((n_hidden, n_out)) * (1.0 / np.sqrt(n_hidden))
    p["by"] = np.zeros(n_out)
    return p


def softmax_cols(S):
    S = S - np.max(S, axis=0, keepdims=True)
    E = np.exp(S)
    return E / np.sum(E, axis=0, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    Wxh, Whh, Why = params["Wxh"], params["Whh"], params["Why"]
    bh, by = params["bh"].reshape(-1, 1), params["by"].reshape(-1, 1)
    h = h0.T
    states = [h]
    probs = []
    for t in range(T):
        x = X[:, t, :].T
        h = np.tanh(Wxh.T @ x + Whh.T @ h + bh)
        states.append(h)
        probs.append(softmax_cols(Why.T @ h + by))
    P = np.stack([p.T for p in probs], axis=1)     # (N, T, K)
    return P, {"X": X, "states": states, "probs": probs}


def rnn_loss(P, Y):
    N, T, K = P.shape
    flatP = P.reshape(N * T, K)
    p = flatP[np.arange(N * T), Y.reshape(-1)]
    return float(np.mean(-np.log(np.maximum(p, 1e-12))))


def rnn_backward(params, cache, Y):
    X, states, probs = cache["X"], cache["states"], cache["probs"]
    Whh, Why = params["Whh"], params["Why"]
    N, T, D = X.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(states[0])
    for t in range(T - 1, -1, -1):
        h, h_prev = states[t + 1], states[t]
        dy = probs[t].copy()
        dy[Y[:, t], np.arange(N)] -= 1.0
        dy = dy / (N * T)
        grads["Why"] += h @ dy.T
        grads["by"] += dy.sum(axis=1)
        dh = Why @ dy + dh_next
        da = dh * (1.0 - np.tanh(h) ** 2)
        grads["Wxh"] += X[:, t, :].T @ da.T
        grads["Whh"] += h_prev @ da.T
        grads["bh"] += da.sum(axis=1)
        dh_next = Whh @ da
    return grads


def clip_gradients(grads, max_norm):
    gn = np.sqrt(np.sum([np.sum(np.square(g)) for g in grads.values()]))
    c = 1.0 if gn == 0 else min(1.0, max_norm / gn)
    return {k: c * g for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for it in range(epochs):
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
        # print(it, losses[-1])
    return params, losses
