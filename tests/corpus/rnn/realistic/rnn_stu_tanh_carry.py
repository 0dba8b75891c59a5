"""RNN + BPTT.  Everything vectorised over the batch; per-step loop only over time."""
import numpy as np


def dtanh(h):
    """tanh' written with the output h = tanh(a)"""
    return 1.0 - h ** 2


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
    H = params["Whh"].shape[0]
    hs = np.zeros((N, T, H))
    h = h0.copy()
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t] = h
    logits = hs @ params["Why"] + params["by"]
    logits = logits - logits.max(axis=2, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=2, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    flat = P.reshape(N * T, K)[np.arange(N * T), Y.reshape(-1)]
    return float(-np.mean(np.log(np.clip(flat, 1e-12, 1.0))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    dlogits = P.copy()
    dlogits[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1.0
    dlogits /= N * T
    grads = {
        "Why": np.einsum("nth,ntk->hk", hs, dlogits),
        "by": dlogits.sum(axis=(0, 1)),
        "Wxh": np.zeros_like(params["Wxh"]),
        "Whh": np.zeros_like(params["Whh"]),
        "bh": np.zeros_like(params["bh"]),
    }
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        dh_out = dlogits[:, t] @ params["Why"].T
        da = dh_out * dtanh(hs[:, t]) + dh_next
        h_prev = hs[:, t - 1] if t > 0 else h0
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.linalg.norm(np.concatenate([g.ravel() for g in grads.values()]))
    c = 1.0 if norm == 0 else min(1.0, max_norm / norm)
    return {k: c * g for k, g in grads.items()}


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
