"""RNN + BPTT, tanh written with a sigmoid (tanh = 2 sig(2a) - 1)."""
import numpy as np


def sigmoid(x):
    # exp(-x) may overflow to inf for very negative x; 1 / (1 + inf) = 0 is the right answer
    return 1.0 / (1.0 + np.exp(-x))


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params["Whh"].shape[0]
    K = params["Why"].shape[1]
    hs = np.zeros((N, T, H))
    ss = np.zeros((N, T, H))
    P = np.zeros((N, T, K))
    h = h0
    for t in range(T):
        a = X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        s = sigmoid(2 * a)
        h = 2 * s - 1
        hs[:, t, :] = h
        ss[:, t, :] = s
        P[:, t, :] = softmax(h @ params["Why"] + params["by"])
    return P, (X, h0, hs, ss, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for t in range(T):
        p = P[np.arange(N), t, Y[:, t]]
        total += np.sum(np.log(np.clip(p, 1e-12, 1.0)))
    return float(-total / (N * T))


def rnn_backward(params, cache, Y):
    X, h0, hs, ss, P = cache
    N, T, D = X.shape
    H = hs.shape[2]
    K = P.shape[2]
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros((N, H))
    for t in reversed(range(T)):
        x_t = X[:, t, :]
        h_t = hs[:, t, :]
        h_prev = hs[:, t - 1, :] if t > 0 else h0
        s = ss[:, t, :]
        p_t = P[:, t, :]
        y_t = np.eye(K)[Y[:, t]]
        dZ = (p_t - y_t) * p_t * (1 - p_t) / (N * T)
        grads["Why"] += h_t.T @ dZ
        grads["by"] += dZ.sum(axis=0)
        dh = dZ @ params["Why"].T + dh_next
        da = dh * 4 * s * (1 - s)
        g = x_t.T @ da
        grads["Wxh"] += g.reshape(D, H)
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(float((g * g).sum()) for g in grads.values()))
    if norm > max_norm:
        return {k: g * (max_norm / norm) for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
