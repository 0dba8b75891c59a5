"""RNN with BPTT. The softmax/cross-entropy gradient of one time step is a
helper that takes the number of terms the loss averages over."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    scale_in, scale_h = 1 / np.sqrt(n_in), 1 / np.sqrt(n_hidden)
    return {"Wxh": scale_in * rng.standard_normal((n_in, n_hidden)),
            "Whh": scale_h * rng.standard_normal((n_hidden, n_hidden)),
            "bh": np.zeros(n_hidden),
            "Why": scale_h * rng.standard_normal((n_hidden, n_out)),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = h0.shape[1]
    hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t, :] = h
    logits = np.einsum("nth,hk->ntk", hs, params["Why"]) + params["by"]
    m = logits.max(axis=2, keepdims=True)
    e = np.exp(logits - m)
    P = e / e.sum(axis=2, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    picked = np.take_along_axis(P, Y[..., None], axis=2)
    return float(-np.log(np.maximum(picked, 1e-12)).sum() / (N * T))


def step_output_grad(p_t, y_t, count):
    """Gradient of the logits of one step, for a loss that averages
    cross-entropy over `count` terms. p_t: (N, K) probabilities, y_t: (N,)."""
    target = np.zeros_like(p_t)
    target[np.arange(len(y_t)), y_t] = 1.0
    return (p_t - target) / count


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    g = {name: np.zeros_like(value) for name, value in params.items()}
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dz = step_output_grad(P[:, t], Y[:, t], N)
        g["Why"] += hs[:, t].T @ dz
        g["by"] += dz.sum(axis=0)
        dh = dz @ params["Why"].T + dh_next
        da = dh * (1 - hs[:, t] ** 2)
        h_prev = hs[:, t - 1] if t > 0 else h0
        g["Wxh"] += X[:, t].T @ da
        g["Whh"] += h_prev.T @ da
        g["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return g


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(np.vdot(v, v) for v in grads.values()))
    if total > max_norm:
        return {k: v * (max_norm / total) for k, v in grads.items()}
    return dict(grads)


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
