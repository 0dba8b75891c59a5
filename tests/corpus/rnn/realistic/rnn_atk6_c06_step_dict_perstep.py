"""Vanilla RNN: one step at a time, probabilities written step by step."""
import numpy as np


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


ACT = {"hidden": np.tanh, "output": softmax}


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def step(params, x_t, h_prev):
    h = ACT["hidden"](x_t @ params["Wxh"] + h_prev @ params["Whh"] + params["bh"])
    p = ACT["output"](h @ params["Why"] + params["by"])
    return h, p


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    K = params["Why"].shape[1]
    H = np.zeros((N, T, h0.shape[1]))
    P = np.zeros((N, T, K))
    h = h0
    for t in range(T):
        h, P[:, t, :] = step(params, X[:, t, :], h)
        H[:, t, :] = h
    return P, {"X": X, "h0": h0, "H": H, "P": P}


def rnn_loss(P, Y):
    N, T, K = P.shape
    flat = P.reshape(-1, K)[np.arange(N * T), Y.ravel()]
    return float(-np.mean(np.log(np.maximum(flat, 1e-12))))


def rnn_backward(params, cache, Y):
    X, h0, H, P = cache["X"], cache["h0"], cache["H"], cache["P"]
    N, T, K = P.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dz = P[:, t, :].copy()
        dz[np.arange(N), Y[:, t]] -= 1.0
        dz /= N * T
        h, h_prev = H[:, t, :], (H[:, t - 1, :] if t else h0)
        grads["Why"] += h.T @ dz
        grads["by"] += dz.sum(axis=0)
        da = (dz @ params["Why"].T + dh_next) * (1.0 - h * h)
        grads["Wxh"] += X[:, t, :].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(float(np.vdot(g, g)) for g in grads.values()))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
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
