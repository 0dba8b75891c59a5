"""RNN: one cell helper, activations looked up by role."""
import numpy as np


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


ACT = {"state": np.tanh, "readout": softmax}


def cell(x_t, h_prev, params, squash=True):
    a = x_t @ params["Wxh"] + h_prev @ params["Whh"] + params["bh"]
    return ACT["state"](a) if squash else a


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
            "bh": np.zeros(n_hidden),
            "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    states = []
    h = h0
    for t in range(X.shape[1]):
        h = cell(X[:, t], h, params, squash=True)
        states.append(h)
    H = np.stack(states, axis=1)
    P = ACT["readout"](H @ params["Why"] + params["by"])
    return P, (X, h0, H, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    picked = P.reshape(N * T, K)[np.arange(N * T), Y.reshape(-1)]
    return float(-np.log(np.clip(picked, 1e-12, None)).mean())


def rnn_backward(params, cache, Y):
    X, h0, H, P = cache
    N, T, K = P.shape
    dZ = P.copy()
    dZ[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1.0
    dZ /= N * T
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        h_t = H[:, t]
        h_prev = H[:, t - 1] if t > 0 else h0
        grads["Why"] += h_t.T @ dZ[:, t]
        grads["by"] += dZ[:, t].sum(axis=0)
        da = (dZ[:, t] @ params["Why"].T + dh_next) * (1.0 - h_t ** 2)
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    scale = min(1.0, max_norm / total) if total > 0 else 1.0
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
