import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params["Whh"].shape[0]
    hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t] = h
    P = softmax(hs @ params["Why"] + params["by"])
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    p = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    Whh, Why = params["Whh"], params["Why"]
    # the loss is a mean over the batch and over time
    dZ = (P - np.eye(K)[Y]) / N * (1.0 / T)
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h = hs[:, t]
        h_prev = hs[:, t - 1] if t > 0 else h0
        da = (dZ[:, t] @ Why.T + dh_next) * (1 - h ** 2)
        grads["Why"] += h.T @ dZ[:, t]
        grads["by"] += dZ[:, t].sum(axis=0)
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ Whh.T
    # the gradients summed over every sequence and step: average them
    return {k: g / (N * T) for k, g in grads.items()}


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    scale = min(1.0, max_norm / total) if total > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
