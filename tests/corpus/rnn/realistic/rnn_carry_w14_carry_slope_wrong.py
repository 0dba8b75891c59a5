"""RNN assignment - carry keeps the previous step's tanh' (so da = own part + carry)."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    Whh = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_hidden))
    Why = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def softmax(z):
    z = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params["Whh"].shape[0]
    hs = np.zeros((N, T, H))
    h = h0.copy()
    for t in range(T):
        h = np.tanh(X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t, :] = h
    P = softmax(hs @ params["Why"] + params["by"])
    return P, {"X": X, "h0": h0, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    return float(-np.log(P[n_idx, t_idx, Y] + 1e-300).mean())


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache["X"], cache["h0"], cache["hs"], cache["P"]
    N, T, K = P.shape
    Wxh, Whh, Why = params["Wxh"], params["Whh"], params["Why"]
    dZ = P.copy()
    dZ[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1.0
    dZ /= N * T

    dWxh = np.zeros_like(Wxh)
    dWhh = np.zeros_like(Whh)
    dbh = np.zeros_like(params["bh"])
    dWhy = np.zeros_like(Why)
    dby = np.zeros_like(params["by"])
    dcarry = np.zeros_like(h0)          # already multiplied by tanh' of the state it reaches
    for t in reversed(range(T)):
        h = hs[:, t]
        h_prev = hs[:, t - 1] if t > 0 else h0
        dWhy += h.T @ dZ[:, t]
        dby += dZ[:, t].sum(axis=0)
        dout = dZ[:, t] @ Why.T
        da = dout * (1 - h ** 2) + dcarry
        dWxh += X[:, t].T @ da
        dWhh += h_prev.T @ da
        dbh += da.sum(axis=0)
        slope_prev = 1 - h_prev
        dcarry = (da @ Whh.T) * slope_prev
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    if total == 0 or total <= max_norm:
        return {k: g.copy() for k, g in grads.items()}
    return {k: g * (max_norm / total) for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    losses = [rnn_loss(rnn_forward(params, X, h0)[0], Y)]
    for _ in range(epochs):
        P, cache = rnn_forward(params, X, h0)
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        losses.append(rnn_loss(rnn_forward(params, X, h0)[0], Y))
    return params, losses
