# Assignment 4 - RNN with BPTT
# Piotr Kowalczyk.  Backward loop over time, buffers updated in place.
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["Wxh"] = rng.standard_normal((n_in, n_hidden)) * n_in ** -0.5
    p["Whh"] = rng.standard_normal((n_hidden, n_hidden)) * n_hidden ** -0.5
    p["bh"] = np.zeros(n_hidden)
    p["Why"] = rng.standard_normal((n_hidden, n_out)) * n_hidden ** -0.5
    p["by"] = np.zeros(n_out)
    return p


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params["Whh"].shape[0]
    states = np.zeros((N, T + 1, H))
    states[:, 0] = h0
    for t in range(T):
        states[:, t + 1] = np.tanh(X[:, t] @ params["Wxh"] + states[:, t] @ params["Whh"] + params["bh"])
    logits = states[:, 1:] @ params["Why"] + params["by"]
    logits -= logits.max(axis=2, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=2, keepdims=True)
    return P, (X, states, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    probs = P.reshape(N * T, -1)[np.arange(N * T), Y.ravel()]
    return float(-np.sum(np.log(np.maximum(probs, 1e-12))) / (N * T))


def rnn_backward(params, cache, Y):
    X, states, P = cache
    N, T, K = P.shape
    Wxh, Whh, Why = params["Wxh"], params["Whh"], params["Why"]
    dWxh = np.zeros_like(Wxh)
    dWhh = np.zeros_like(Whh)
    dbh = np.zeros(Whh.shape[0])
    dWhy = np.zeros_like(Why)
    dby = np.zeros(K)
    dh_next = np.zeros((N, Whh.shape[0]))
    onehot = np.eye(K)[Y]
    for t in range(T - 1, -1, -1):
        dz = (P[:, t] - onehot[:, t]) / (N * T)
        h = states[:, t + 1]
        dWhy += h.T @ dz
        dby += dz.sum(axis=0)
        dh = dz @ Why.T + dh_next
        np.multiply(1.0 - np.tanh(h) ** 2, dh, out=dh)
        dWxh += X[:, t].T @ dh
        dWhh += states[:, t].T @ dh
        dbh += dh.sum(axis=0)
        dh_next = dh @ Whh.T
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    global_norm = np.sqrt(sum((g ** 2).sum() for g in grads.values()))
    if global_norm > max_norm:
        return {k: g * (max_norm / global_norm) for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


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
