import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    scale_in, scale_h = 1 / np.sqrt(n_in), 1 / np.sqrt(n_hidden)
    return {
        "Wxh": scale_in * rng.standard_normal((n_in, n_hidden)),
        "Whh": scale_h * rng.standard_normal((n_hidden, n_hidden)),
        "bh": np.zeros(n_hidden),
        "Why": scale_h * rng.standard_normal((n_hidden, n_out)),
        "by": np.zeros(n_out),
    }


def rnn_step_forward(x, h_prev, Wxh, Whh, bh):
    return np.tanh(x @ Wxh + h_prev @ Whh + bh)


def rnn_step_backward(dh_out, dh_next, h, h_prev, x, Whh):
    """One step of BPTT: returns the step's weight gradients and the gradient for h_{t-1}."""
    da = dh_out * (1 - h ** 2) + dh_next
    return x.T @ da, h_prev.T @ da, da.sum(axis=0), da @ Whh.T


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    hs = []
    h = h0
    for t in range(T):
        h = rnn_step_forward(X[:, t], h, params["Wxh"], params["Whh"], params["bh"])
        hs.append(h)
    hs = np.stack(hs, 1)
    logits = hs @ params["Why"] + params["by"]
    logits -= logits.max(axis=2, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=2, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    p = P.reshape(N * T, K)[np.arange(N * T), Y.reshape(-1)]
    return float(-np.log(np.maximum(p, 1e-12)).sum() / (N * T))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    dZ = P.copy()
    dZ[np.arange(N)[:, None], np.arange(T), Y] -= 1
    dZ = dZ / (N * T)
    dWxh = np.zeros(params["Wxh"].shape)
    dWhh = np.zeros(params["Whh"].shape)
    dbh = np.zeros(params["bh"].shape)
    dh_next = np.zeros(h0.shape)
    for t in reversed(range(T)):
        h_prev = h0 if t == 0 else hs[:, t - 1]
        gx, gh, gb, dh_next = rnn_step_backward(dZ[:, t] @ params["Why"].T, dh_next, hs[:, t], h_prev,
                                                X[:, t], params["Whh"])
        dWxh += gx
        dWhh += gh
        dbh += gb
    dWhy = np.einsum("nth,ntk->hk", hs, dZ)
    dby = dZ.sum(axis=(0, 1))
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(v ** 2) for v in grads.values()))
    coef = 1.0
    if norm > 0:
        coef = min(1.0, max_norm / norm)
    return {k: coef * v for k, v in grads.items()}


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
