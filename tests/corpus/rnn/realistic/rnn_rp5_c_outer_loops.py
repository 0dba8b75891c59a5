import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    sizes = {"Wxh": (n_in, n_hidden), "Whh": (n_hidden, n_hidden), "Why": (n_hidden, n_out)}
    p = {k: rng.standard_normal(s) / np.sqrt(s[0]) for k, s in sizes.items()}
    p["bh"] = np.zeros(n_hidden)
    p["by"] = np.zeros(n_out)
    return p


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    a_all = np.zeros((N, T, h0.shape[1]))
    h_all = np.zeros_like(a_all)
    h = h0
    for t in range(T):
        a = X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(a)
        a_all[:, t] = a
        h_all[:, t] = h
    logits = h_all @ params["Why"] + params["by"]
    logits = logits - logits.max(axis=2, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=2, keepdims=True)
    return P, {"X": X, "h0": h0, "a": a_all, "h": h_all, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for n in range(N):
        for t in range(T):
            total -= np.log(max(P[n, t, Y[n, t]], 1e-12))
    return float(total / (N * T))


def rnn_backward(params, cache, Y):
    X, h0, a_all, h_all, P = cache["X"], cache["h0"], cache["a"], cache["h"], cache["P"]
    N, T, K = P.shape
    g = {k: np.zeros_like(v) for k, v in params.items()}
    for n in range(N):
        carry = np.zeros(h0.shape[1])
        for t in reversed(range(T)):
            dz = P[n, t].copy()
            dz[Y[n, t]] -= 1.0
            dz /= N * T
            g["Why"] += np.outer(h_all[n, t], dz)
            g["by"] += dz
            dh = params["Why"] @ dz + carry
            da = dh * (1.0 - np.tanh(a_all[n, t]) ** 2)
            h_prev = h_all[n, t - 1] if t > 0 else h0[n]
            g["Wxh"] += np.outer(X[n, t], da)
            g["Whh"] += np.outer(h_prev, da)
            g["bh"] += da
            carry = params["Whh"] @ da
    return g


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum((v ** 2).sum() for v in grads.values()))
    f = 1.0 if norm <= max_norm else max_norm / norm
    return {k: v * f for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.astype(float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
