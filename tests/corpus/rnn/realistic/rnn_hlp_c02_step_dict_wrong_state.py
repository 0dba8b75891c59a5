"""RNN trained with full BPTT; one time step's backward lives in a helper
that returns a dict of that step's contributions."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["Wxh"] = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    p["Whh"] = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    p["bh"] = np.zeros(n_hidden)
    p["Why"] = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    p["by"] = np.zeros(n_out)
    return p


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    H = params["Whh"].shape[0]
    hs = np.zeros((N, T, H))
    prev = h0
    for t in range(T):
        prev = np.tanh(X[:, t] @ params["Wxh"] + prev @ params["Whh"] + params["bh"])
        hs[:, t] = prev
    logits = hs @ params["Why"] + params["by"]
    logits = logits - logits.max(axis=2, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=2, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    p = np.take_along_axis(P, Y[:, :, None], axis=2).squeeze(2)
    return float(np.mean(-np.log(np.maximum(p, 1e-12))))


def step_backward(dh, h, h_prev, x, Whh):
    """One step of BPTT for h = tanh(x @ Wxh + h_prev @ Whh + bh).
    dh: gradient reaching h. Returns the step's weight gradients and the
    gradient passed on to h_prev."""
    da = dh * (1.0 - h ** 2)
    return {
        "Wxh": x.T @ da,
        "Whh": h_prev.T @ da,
        "bh": da.sum(axis=0),
        "dh_prev": da @ Whh.T,
    }


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    dZ = (P - np.eye(K)[Y]) / (N * T)
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    grads["Why"] = np.einsum("nth,ntk->hk", hs, dZ)
    grads["by"] = dZ.sum(axis=(0, 1))
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dh = dZ[:, t] @ params["Why"].T + dh_next
        step = step_backward(dh, hs[:, t], hs[:, t], X[:, t], params["Whh"])
        for name in ("Wxh", "Whh", "bh"):
            grads[name] += step[name]
        dh_next = step["dh_prev"]
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(np.sum([np.sum(g ** 2) for g in grads.values()]))
    if norm > max_norm:
        return {k: g * (max_norm / norm) for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    p = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(p, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(p, cache, Y), max_norm)
        p = {k: p[k] - lr * g[k] for k in p}
        P, cache = rnn_forward(p, X, h0)
        losses.append(rnn_loss(P, Y))
    return p, losses
