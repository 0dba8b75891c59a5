import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def softmax(v):
    e = np.exp(v - v.max())
    return e / e.sum()


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    K = params["Why"].shape[1]
    P = np.zeros((N, T, K))
    states = []
    for n in range(N):
        h = h0[n]
        seq = [h]
        for t in range(T):
            h = np.tanh(X[n, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
            seq.append(h)
            P[n, t] = softmax(h @ params["Why"] + params["by"])
        states.append(seq)
    return P, (X, states, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    loss = 0.0
    for n in range(N):
        for t in range(T):
            loss -= np.log(max(P[n, t, Y[n, t]], 1e-12))
    return loss / (N * T)


def rnn_backward(params, cache, Y):
    X, states, P = cache
    N, T, D = X.shape
    K = P.shape[2]
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    for n in range(N):
        dh_next = np.zeros_like(states[n][0], dtype=float)
        for t in reversed(range(T)):
            p = P[n, t]
            y = np.zeros(K)
            y[Y[n, t]] = 1.0
            dp = -y / p / (N * T)                # dL/dp
            dlogits = dp * p * (1 - p)           # through the softmax
            h, h_prev = states[n][t + 1], states[n][t]
            grads["Why"] += np.outer(h, dlogits)
            grads["by"] += dlogits
            dh = params["Why"] @ dlogits + dh_next
            dz = (1 - h ** 2) * dh
            grads["Wxh"] += np.outer(X[n, t], dz)
            grads["Whh"] += np.outer(h_prev, dz)
            grads["bh"] += dz
            dh_next = params["Whh"] @ dz
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
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
