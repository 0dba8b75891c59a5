import numpy as np


def dtanh(a):
    c = np.cosh(a)
    sech = 1.0 / c
    return sech


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
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
    N, T, _ = X.shape
    h = h0
    pre, states = [], []
    for t in range(T):
        a = X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(a)
        pre.append(a)
        states.append(h)
    hs = np.stack(states, axis=1)
    P = softmax(hs @ params["Why"] + params["by"])
    return P, {"X": X, "h0": h0, "a": pre, "h": states, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    p = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, P = cache["X"], cache["h0"], cache["P"]
    N, T, K = P.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        dz = P[:, t].copy()
        dz[np.arange(N), Y[:, t]] -= 1.0
        dz = dz / (N * T)
        h = cache["h"][t]
        h_prev = cache["h"][t - 1] if t > 0 else h0
        grads["Why"] += h.T @ dz
        grads["by"] += dz.sum(axis=0)
        dh = dz @ params["Why"].T + dh_next
        da = dh * dtanh(cache["a"][t])
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    if total == 0 or total <= max_norm:
        return {k: g.copy() for k, g in grads.items()}
    return {k: g * (max_norm / total) for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
