import numpy as np


def glorot(shape, rng):
    fan_in, fan_out = shape
    limit = np.sqrt(6.0 * (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": glorot((n_in, n_hidden), rng),
        "Whh": glorot((n_hidden, n_hidden), rng),
        "bh": np.zeros(n_hidden),
        "Why": glorot((n_hidden, n_out), rng),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    h = h0
    hs, ps = [h0], []
    for t in range(T):
        h = np.tanh(X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        logits = h @ params["Why"] + params["by"]
        logits = logits - logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        hs.append(h)
        ps.append(p)
    P = np.stack(ps, axis=1)
    return P, (X, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    p = np.take_along_axis(P, Y[..., None], axis=-1).squeeze(-1)
    return float(-np.log(np.clip(p, 1e-12, 1.0)).mean())


def rnn_backward(params, cache, Y):
    X, hs, P = cache
    N, T, D = X.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    carry = np.zeros_like(hs[0], dtype=float)
    for t in range(T - 1, -1, -1):
        dlog = P[:, t].copy()
        dlog[np.arange(N), Y[:, t]] -= 1.0
        dlog /= N * T
        grads["Why"] += hs[t + 1].T @ dlog
        grads["by"] += dlog.sum(axis=0)
        dh = dlog @ params["Why"].T + carry
        dz = (1.0 - hs[t + 1] ** 2) * dh
        grads["Wxh"] += X[:, t].T @ dz
        grads["Whh"] += hs[t].T @ dz
        grads["bh"] += dz.sum(axis=0)
        carry = dz @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    gnorm = np.sqrt(sum(np.sum(g * g) for g in grads.values()))
    scale = min(1.0, max_norm / gnorm) if gnorm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
