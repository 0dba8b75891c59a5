import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    hs = np.empty((N, T, params["Whh"].shape[0]))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t] = h
    Z = hs @ params["Why"] + params["by"]                # (N, T, K), all steps at once
    E = np.exp(Z - Z.max(axis=2, keepdims=True))
    P = E / E.sum(axis=2, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    p_correct = np.take_along_axis(P, Y[..., None], axis=2)[..., 0]
    return float(-np.mean(np.log(np.maximum(p_correct, 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    D, H = X.shape[2], hs.shape[2]
    dZ = (P - np.eye(K)[Y]) / (N * K)
    dhs = dZ @ params["Why"].T              # what each h_t receives from its own output
    da = np.empty_like(hs)                   # gradient of each step's pre-activation
    dh_next = np.zeros((N, H))               # what h_t receives from step t + 1
    for t in reversed(range(T)):
        dh = dhs[:, t] + dh_next
        da[:, t] = dh * (1.0 - hs[:, t] ** 2)   # tanh' written with the output h_t
        dh_next = da[:, t] @ params["Whh"].T
    h_prev = np.concatenate([h0[:, None], hs[:, :-1]], axis=1)   # h_{t-1} for t = 1 ... T
    return {
        "Wxh": X.reshape(N * T, D).T @ da.reshape(N * T, H),
        "Whh": h_prev.reshape(N * T, H).T @ da.reshape(N * T, H),
        "bh": da.sum(axis=(0, 1)),
        "Why": hs.reshape(N * T, H).T @ dZ.reshape(N * T, K),
        "by": dZ.sum(axis=(0, 1)),
    }


def clip_gradients(grads, max_norm):
    global_norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = 1.0 if global_norm == 0 else min(1.0, max_norm / global_norm)
    return {k: g * scale for k, g in grads.items()}


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
