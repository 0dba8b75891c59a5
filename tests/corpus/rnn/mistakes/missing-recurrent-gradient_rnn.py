"""
Minimal character-level Vanilla RNN model (after Andrej Karpathy), batched version.
"""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)       # input to hidden
    Whh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)  # hidden to hidden
    Why = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)   # hidden to output
    bh = np.zeros(n_hidden)
    by = np.zeros(n_out)
    return {"Wxh": Wxh, "Whh": Whh, "bh": bh, "Why": Why, "by": by}


def rnn_forward(params, X, h0):
    Wxh, Whh, bh, Why, by = params["Wxh"], params["Whh"], params["bh"], params["Why"], params["by"]
    N, T, D = X.shape
    xs, hs, ps = {}, {}, {}
    hs[-1] = np.copy(h0)
    for t in range(T):
        xs[t] = X[:, t, :]
        hs[t] = np.tanh(np.dot(xs[t], Wxh) + np.dot(hs[t - 1], Whh) + bh)
        ys = np.dot(hs[t], Why) + by
        ys -= np.max(ys, axis=1, keepdims=True)
        ps[t] = np.exp(ys) / np.sum(np.exp(ys), axis=1, keepdims=True)
    P = np.stack([ps[t] for t in range(T)], axis=1)
    return P, (xs, hs, ps)


def rnn_loss(P, Y):
    N, T = Y.shape
    loss = 0
    for t in range(T):
        loss += -np.sum(np.log(np.maximum(P[np.arange(N), t, Y[:, t]], 1e-12)))
    return float(loss) / (N * T)


def rnn_backward(params, cache, Y):
    Wxh, Whh, Why = params["Wxh"], params["Whh"], params["Why"]
    xs, hs, ps = cache
    N, T = Y.shape
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(params["bh"]), np.zeros_like(params["by"])
    for t in reversed(range(T)):
        dy = np.copy(ps[t])
        dy[np.arange(N), Y[:, t]] -= 1
        dy /= (N * T)
        dWhy += np.dot(hs[t].T, dy)
        dby += np.sum(dy, axis=0)
        dh = np.dot(dy, Why.T)
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += np.sum(dhraw, axis=0)
        dWxh += np.dot(xs[t].T, dhraw)
        dWhh += np.dot(hs[t - 1].T, dhraw)
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    global_norm = np.sqrt(sum(np.sum(dparam ** 2) for dparam in grads.values()))
    scale = min(1.0, max_norm / global_norm) if global_norm > 0 else 1.0
    return {k: dparam * scale for k, dparam in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.copy(v) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for n in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
