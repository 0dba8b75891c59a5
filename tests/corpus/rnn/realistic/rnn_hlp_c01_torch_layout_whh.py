"""Vanilla RNN with BPTT. My backward uses one linear-layer helper written
in the (out, in) weight convention I know from PyTorch."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_hidden)),
        "Whh": rng.normal(0.0, 1.0 / np.sqrt(n_hidden), (n_hidden, n_hidden)),
        "bh": np.zeros(n_hidden),
        "Why": rng.normal(0.0, 1.0 / np.sqrt(n_hidden), (n_hidden, n_out)),
        "by": np.zeros(n_out),
    }


def _softmax_rows(z):
    z = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    states = []
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        states.append(h)
    hs = np.stack(states, axis=1)
    P = _softmax_rows(hs @ params["Why"] + params["by"])
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    picked = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.log(np.clip(picked, 1e-12, None)).mean())


def linear_back(grad_out, inputs, weight_oi):
    """Backward of out = inputs @ weight_oi.T, weight_oi in (out, in) layout.
    Returns (grad_inputs, grad_weight_oi)."""
    grad_inputs = grad_out @ weight_oi
    grad_weight_oi = grad_out.T @ inputs
    return grad_inputs, grad_weight_oi


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    H = hs.shape[2]
    dlogits = P.copy()
    dlogits[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1.0
    dlogits /= N * T
    g = {k: np.zeros_like(v) for k, v in params.items()}
    carry = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        h_t = hs[:, t]
        h_before = hs[:, t - 1] if t > 0 else h0
        dh = dlogits[:, t] @ params["Why"].T + carry
        da = dh * (1.0 - h_t * h_t)
        carry, gWhh_oi = linear_back(da, h_before, params["Whh"])
        _, gWxh_oi = linear_back(da, X[:, t], params["Wxh"].T)
        g["Whh"] += gWhh_oi.T
        g["Wxh"] += gWxh_oi.T
        g["bh"] += da.sum(axis=0)
        g["Why"] += h_t.T @ dlogits[:, t]
        g["by"] += dlogits[:, t].sum(axis=0)
    return g


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(float(np.sum(v * v)) for v in grads.values()))
    factor = max_norm / total if total > max_norm else 1.0
    return {k: v * factor for k, v in grads.items()}


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
