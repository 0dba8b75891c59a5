import numpy as np


def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _tanh(x):
    # tanh(x) = 2 * sigmoid(2x) - 1
    return 2.0 * _sigmoid(2.0 * x) - 1.0


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    states = [h0]
    for t in range(T):
        states.append(_tanh(X[:, t] @ params["Wxh"] + states[-1] @ params["Whh"] + params["bh"]))
    hs = np.stack(states[1:], axis=1)
    logits = np.einsum("nth,hk->ntk", hs, params["Why"]) + params["by"]
    logits = logits - logits.max(axis=-1, keepdims=True)
    ex = np.exp(logits)
    P = ex / ex.sum(axis=-1, keepdims=True)
    gate_debug = _sigmoid(logits)       # not used, I was checking saturation
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for n in range(N):
        for t in range(T):
            total -= np.log(max(P[n, t, Y[n, t]], 1e-12))
    return float(total / (N * T))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    dlogits = P - np.eye(K)[Y]
    dlogits = dlogits / (N * T)
    grads = {"Wxh": np.zeros_like(params["Wxh"]), "Whh": np.zeros_like(params["Whh"]),
             "bh": np.zeros_like(params["bh"]),
             "Why": np.einsum("nth,ntk->hk", hs, dlogits), "by": dlogits.sum(axis=(0, 1))}
    dnext = np.zeros_like(h0)
    for t in reversed(range(T)):
        dh = dlogits[:, t] @ params["Why"].T + dnext
        da = (1 - hs[:, t] * hs[:, t]) * dh
        hprev = hs[:, t - 1] if t else h0
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += hprev.T @ da
        grads["bh"] += da.sum(0)
        dnext = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum((g ** 2).sum() for g in grads.values()))
    factor = 1.0 if norm == 0 else min(1.0, max_norm / norm)
    return {k: factor * g for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = []
    P, cache = rnn_forward(params, X, h0)
    losses.append(rnn_loss(P, Y))
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
