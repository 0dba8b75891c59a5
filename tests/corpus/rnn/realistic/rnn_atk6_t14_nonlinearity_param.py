import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.normal(scale=1.0 / np.sqrt(n_in), size=(n_in, n_hidden)),
        "Whh": rng.normal(scale=1.0 / np.sqrt(n_hidden), size=(n_hidden, n_hidden)),
        "bh": np.zeros(n_hidden),
        "Why": rng.normal(scale=1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out)),
        "by": np.zeros(n_out),
    }


def unroll(params, X, h0, nonlinearity=np.tanh):
    """All hidden states h_1 .. h_T, shape (N, T, H)."""
    states = []
    h = h0
    for t in range(X.shape[1]):
        h = nonlinearity(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        states.append(nonlinearity(h))
    return np.stack(states, axis=1)


def rnn_forward(params, X, h0):
    H = unroll(params, X, h0)
    Z = H @ params["Why"] + params["by"]
    Z = Z - Z.max(axis=2, keepdims=True)
    P = np.exp(Z)
    P = P / P.sum(axis=2, keepdims=True)
    return P, (X, h0, H, P)


def rnn_loss(P, Y):
    picked = np.take_along_axis(P, Y[:, :, None], axis=2)
    return float(-np.log(np.maximum(picked, 1e-12)).mean())


def rnn_backward(params, cache, Y):
    X, h0, H, P = cache
    N, T, K = P.shape
    dZ = P.copy()
    np.put_along_axis(dZ, Y[:, :, None], np.take_along_axis(dZ, Y[:, :, None], axis=2) - 1.0, axis=2)
    dZ = dZ / (N * T)
    grads = {"Wxh": 0.0, "Whh": 0.0, "bh": 0.0, "Why": 0.0, "by": 0.0}
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        h = H[:, t]
        h_prev = h0 if t == 0 else H[:, t - 1]
        grads["Why"] = grads["Why"] + h.T @ dZ[:, t]
        grads["by"] = grads["by"] + dZ[:, t].sum(axis=0)
        da = (dZ[:, t] @ params["Why"].T + dh_next) * (1.0 - h ** 2)
        grads["Wxh"] = grads["Wxh"] + X[:, t].T @ da
        grads["Whh"] = grads["Whh"] + h_prev.T @ da
        grads["bh"] = grads["bh"] + da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(np.sum(g * g) for g in grads.values()))
    factor = 1.0 if total <= max_norm else max_norm / total
    return {k: g * factor for k, g in grads.items()}


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
