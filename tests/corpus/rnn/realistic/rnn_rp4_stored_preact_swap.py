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
    Hn = h0.shape[1]
    a_all = np.zeros((N, T, Hn))
    h_all = np.zeros((N, T, Hn))
    h = h0
    for t in range(T):
        a = X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(a)
        a_all[:, t] = h
        h_all[:, t] = h
    logits = h_all @ params["Why"] + params["by"]
    logits = logits - logits.max(axis=2, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=2, keepdims=True)
    return P, {"X": X, "h0": h0, "a": a_all, "h": h_all, "P": P}


def rnn_loss(P, Y):
    N, T, _ = P.shape
    picked = P.reshape(N * T, -1)[np.arange(N * T), Y.reshape(-1)]
    return float(np.mean(-np.log(np.clip(picked, 1e-12, None))))


def rnn_backward(params, cache, Y):
    X, h0, a_all, h_all, P = cache["X"], cache["h0"], cache["a"], cache["h"], cache["P"]
    N, T, K = P.shape
    onehot = np.zeros_like(P)
    np.put_along_axis(onehot, Y[..., None], 1.0, axis=2)
    dlogits = (P - onehot) / (N * T)
    g = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        dh = dlogits[:, t] @ params["Why"].T + dh_next
        da = dh * (1.0 - np.tanh(a_all[:, t]) ** 2)
        h_prev = h0 if t == 0 else h_all[:, t - 1]
        g["Wxh"] += X[:, t].T @ da
        g["Whh"] += h_prev.T @ da
        g["bh"] += da.sum(axis=0)
        g["Why"] += h_all[:, t].T @ dlogits[:, t]
        g["by"] += dlogits[:, t].sum(axis=0)
        dh_next = da @ params["Whh"].T
    return g


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum((g ** 2).sum() for g in grads.values()))
    if norm > max_norm:
        return {k: g * (max_norm / norm) for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
