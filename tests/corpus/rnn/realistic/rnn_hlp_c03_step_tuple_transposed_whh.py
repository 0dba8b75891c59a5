"""RNN with BPTT; the per-step backward is a helper returning a tuple."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    def w(a, b):
        return rng.standard_normal((a, b)) / np.sqrt(a)
    Wxh = w(n_in, n_hidden)
    Whh = w(n_hidden, n_hidden)
    Why = w(n_hidden, n_out)
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    hs = []
    h = h0
    for t in range(T):
        a = X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(a)
        hs.append(h)
    hs = np.stack(hs, axis=1)
    z = hs @ params["Why"] + params["by"]
    z = z - z.max(axis=-1, keepdims=True)
    ez = np.exp(z)
    P = ez / ez.sum(axis=-1, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for t in range(T):
        pt = P[np.arange(N), t, Y[:, t]]
        total += np.sum(np.log(np.maximum(pt, 1e-12)))
    return float(-total / (N * T))


def cell_backward(dh, h, h_prev, x, Whh):
    """Backward through h = tanh(x @ Wxh + h_prev @ Whh + bh).
    Returns (dWxh, dWhh, dbh, dh_prev) for this step."""
    da = dh * (1 - h * h)
    dWxh = x.T @ da
    dWhh = da.T @ h_prev
    dbh = np.sum(da, axis=0)
    dh_prev = da @ Whh.T
    return dWxh, dWhh, dbh, dh_prev


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    onehot = np.zeros_like(P)
    onehot[np.arange(N)[:, None], np.arange(T)[None, :], Y] = 1.0
    dZ = (P - onehot) / (N * T)
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros_like(params["bh"])
    dWhy = np.zeros_like(params["Why"])
    dby = np.zeros_like(params["by"])
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        dWhy += hs[:, t].T @ dZ[:, t]
        dby += dZ[:, t].sum(axis=0)
        dh = dZ[:, t] @ params["Why"].T + dh_next
        h_prev = h0 if t == 0 else hs[:, t - 1]
        gx, gh, gb, dh_next = cell_backward(dh, hs[:, t], h_prev, X[:, t], params["Whh"])
        dWxh += gx
        dWhh += gh
        dbh += gb
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    sq = 0.0
    for g in grads.values():
        sq += float(np.sum(g * g))
    norm = np.sqrt(sq)
    s = 1.0 if norm <= max_norm else max_norm / norm
    return {k: s * g for k, g in grads.items()}


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
