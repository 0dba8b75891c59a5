import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden)),
        "Whh": rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_hidden)),
        "bh": np.zeros(n_hidden),
        "Why": rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out)),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = np.zeros((N, T + 1, h0.shape[1]))      # H[:, 0] = h0, H[:, t+1] = h_t
    H[:, 0] = h0
    for t in range(T):
        H[:, t + 1] = np.tanh(X[:, t] @ params["Wxh"] + H[:, t] @ params["Whh"] + params["bh"])
    S = H[:, 1:] @ params["Why"] + params["by"]
    S = S - S.max(axis=-1, keepdims=True)
    E = np.exp(S)
    P = E / E.sum(axis=-1, keepdims=True)
    return P, (X, H, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    lp = np.log(np.maximum(P[np.arange(N)[:, None], np.arange(T), Y], 1e-12))
    return float(-lp.sum() / (N * T))


def rnn_backward(params, cache, Y):
    X, H, P = cache
    N, T, D = X.shape
    dS = P.copy()
    dS[np.arange(N)[:, None], np.arange(T), Y] -= 1
    dS /= N * T
    g = {k: np.zeros_like(v) for k, v in params.items()}
    g["Why"] = np.tensordot(H[:, 1:], dS, axes=([0, 1], [0, 1]))
    g["by"] = dS.sum(axis=(0, 1))
    dnext = np.zeros((N, H.shape[2]))
    for t in range(T - 1, -1, -1):
        dh = dS[:, t] @ params["Why"].T + dnext
        dz = dh * (1 - H[:, t + 1] ** 2)
        g["Wxh"] += X[:, t].T @ dz
        g["Whh"] += H[:, t + 1].T @ dz
        g["bh"] += dz.sum(axis=0)
        dnext = dz @ params["Whh"].T
    return g


def clip_gradients(grads, max_norm):
    norm = np.sqrt(np.sum([np.vdot(g, g) for g in grads.values()]))
    factor = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: factor * g for k, g in grads.items()}


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
