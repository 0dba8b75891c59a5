import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.normal(size=(n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def _softmax(v):
    e = np.exp(v - np.max(v))
    return e / np.sum(e)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params["Whh"].shape[0]
    K = params["by"].shape[0]
    hs = np.zeros((N, T, H))
    P = np.zeros((N, T, K))
    for n in range(N):                     # one sequence at a time
        h = h0[n]
        for t in range(T):
            h = np.tanh(np.dot(X[n, t], params["Wxh"]) + np.dot(h, params["Whh"]) + params["bh"])
            hs[n, t] = h
            P[n, t] = _softmax(np.dot(h, params["Why"]) + params["by"])
    return P, {"X": X, "h0": h0, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    L = 0.0
    for n in range(N):
        for t in range(T):
            L += -np.log(max(P[n, t, Y[n, t]], 1e-12))
    return float(L / (N * T))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache["X"], cache["h0"], cache["hs"], cache["P"]
    N, T, K = P.shape
    Whh, Why = params["Whh"], params["Why"]
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    for n in range(N):
        dh_next = np.zeros(Whh.shape[0])
        for t in reversed(range(T)):
            h = hs[n, t]
            h_prev = hs[n, t - 1] if t > 0 else h0[n]
            dy = P[n, t].copy()
            dy[Y[n, t]] -= 1.0
            dy /= N * T
            grads["Why"] += np.outer(h, dy)
            grads["by"] += dy
            da = np.dot(Why, dy) * (1 - h * h) + dh_next
            grads["Wxh"] += np.outer(X[n, t], da)
            grads["Whh"] += np.outer(h_prev, da)
            grads["bh"] += da
            dh_next = np.dot(Whh, da)
    return grads


def clip_gradients(grads, max_norm):
    total = 0.0
    for g in grads.values():
        total += np.sum(g ** 2)
    total = np.sqrt(total)
    scale = 1.0 if total == 0 else min(1.0, max_norm / total)
    return {k: g * scale for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    losses = [rnn_loss(rnn_forward(params, X, h0)[0], Y)]
    for _ in range(epochs):
        P, cache = rnn_forward(params, X, h0)
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        losses.append(rnn_loss(rnn_forward(params, X, h0)[0], Y))
    return params, losses
