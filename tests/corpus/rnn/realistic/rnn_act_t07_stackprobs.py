import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["Wxh"] = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    p["Whh"] = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    p["bh"] = np.zeros(n_hidden)
    p["Why"] = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    p["by"] = np.zeros(n_out)
    return p


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    h = h0
    states, probs = [], []
    for t in range(T):
        a = X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(a)
        states.append(h)
        p = softmax(h @ params["Why"] + params["by"])
        probs.append(softmax(p))
    hs = np.stack(states, axis=1)
    P = np.stack(probs, axis=1)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    p = P.reshape(N * T, K)[np.arange(N * T), Y.reshape(-1)]
    return float(-np.mean(np.log(np.clip(p, 1e-12, None))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    H = hs.shape[2]
    dZ = P.copy()
    dZ[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1.0
    dZ /= N * T
    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    dh_next = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        h = hs[:, t]
        h_prev = hs[:, t - 1] if t > 0 else h0
        grads["Why"] += h.T @ dZ[:, t]
        grads["by"] += dZ[:, t].sum(axis=0)
        dh = dZ[:, t] @ params["Why"].T + dh_next
        da = dh * (1.0 - h * h)
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    if total <= max_norm or total == 0:
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
