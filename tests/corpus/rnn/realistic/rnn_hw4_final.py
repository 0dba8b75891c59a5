# HW4 - vanilla RNN with BPTT
# Name: Priya S.   (final version, handing this one in)

import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden),
            "Why": Why, "by": np.zeros(n_out)}


def softmax(z):
    z = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    Wxh, Whh, bh = params["Wxh"], params["Whh"], params["bh"]
    Why, by = params["Why"], params["by"]
    N, T, D = X.shape
    H = Whh.shape[0]
    K = Why.shape[1]

    hs = np.zeros((N, T, H))
    P = np.zeros((N, T, K))
    h_prev = h0
    for t in range(T):
        h_t = np.tanh(X[:, t, :] @ Wxh + h_prev @ Whh + bh)
        hs[:, t, :] = h_t
        P[:, t, :] = softmax(h_t @ Why + by)
        h_prev = h_t

    cache = (X, h0, hs, P)
    return P, cache


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for t in range(T):
        p_true = P[np.arange(N), t, Y[:, t]]
        total += -np.sum(np.log(np.maximum(p_true, 1e-12)))
    return float(total / (N * T))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    Whh, Why = params["Whh"], params["Why"]
    N, T, D = X.shape
    H = Whh.shape[0]
    K = Why.shape[1]

    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(Whh)
    dbh = np.zeros_like(params["bh"])
    dWhy = np.zeros_like(Why)
    dby = np.zeros_like(params["by"])

    dh_next = np.zeros((N, H))
    for t in reversed(range(T)):
        # output layer
        dz = P[:, t, :].copy()
        dz[np.arange(N), Y[:, t]] -= 1
        dz /= (N * T)
        dWhy += hs[:, t, :].T @ dz
        dby += dz.sum(axis=0)

        # hidden layer: gradient from this step's output, then add what comes from t+1
        h_t = hs[:, t, :]
        h_prev = hs[:, t - 1, :] if t > 0 else h0
        dh_out = dz @ Why.T
        da = dh_out * (1 - h_t ** 2) + dh_next

        dWxh += X[:, t, :].T @ da
        dWhh += h_prev.T @ da
        dbh += da.sum(axis=0)

        dh_next = da @ Whh.T

    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    total = 0.0
    for k in grads:
        total += np.sum(grads[k] ** 2)
    norm = np.sqrt(total)
    if norm > max_norm:
        scale = max_norm / norm
    else:
        scale = 1.0
    return {k: grads[k] * scale for k in grads}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, _ = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        P, cache = rnn_forward(params, X, h0)
        grads = rnn_backward(params, cache, Y)
        grads = clip_gradients(grads, max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, _ = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = rng.standard_normal((4, 6, 3))
    Y = rng.integers(0, 3, size=(4, 6))
    p = init_params(3, 8, 3, rng)
    p, losses = train(p, X, Y, np.zeros((4, 8)), 0.5, 50)
    print("loss", losses[0], "->", losses[-1])
