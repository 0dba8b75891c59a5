import numpy as np

# accumulated gradients (kept here so the training loop can read them)
GRADS = {}


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
    hs = [h0]
    outs = []
    for t in range(T):
        hs.append(np.tanh(X[:, t] @ params["Wxh"] + hs[t] @ params["Whh"] + params["bh"]))
        s = hs[-1] @ params["Why"] + params["by"]
        s = np.exp(s - s.max(axis=1, keepdims=True))
        outs.append(s / s.sum(axis=1, keepdims=True))
    P = np.stack(outs, axis=1)
    return P, {"X": X, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    p = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.mean(np.log(np.clip(p, 1e-12, 1.0))))


def rnn_backward(params, cache, Y):
    X, hs, P = cache["X"], cache["hs"], cache["P"]
    N, T, D = X.shape
    for k, v in params.items():
        if k not in GRADS or GRADS[k].shape != v.shape:
            GRADS[k] = np.zeros_like(v)
    dh_next = np.zeros_like(hs[0], dtype=float)
    for t in reversed(range(T)):
        dy = P[:, t].copy()
        dy[np.arange(N), Y[:, t]] -= 1
        dy /= N * T
        GRADS["Why"] += hs[t + 1].T @ dy
        GRADS["by"] += dy.sum(axis=0)
        dh = dy @ params["Why"].T + dh_next
        dz = dh * (1 - hs[t + 1] ** 2)
        GRADS["Wxh"] += X[:, t].T @ dz
        GRADS["Whh"] += hs[t].T @ dz
        GRADS["bh"] += dz.sum(axis=0)
        dh_next = dz @ params["Whh"].T
    return {k: GRADS[k].copy() for k in params}


def clip_gradients(grads, max_norm):
    n = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    f = min(1.0, max_norm / n) if n > 0 else 1.0
    return {k: f * g for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for ep in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
