"""Assignment 4 -- vanilla RNN.
I store the hidden states in a python list that starts with h0,
so states[t + 1] is h_t (t counted from 0)."""
import numpy as np

def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }

def _softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)

def rnn_forward(params, X, h0):
    N, T, D = X.shape
    states = [h0]
    probs = []
    for t in range(T):
        h = np.tanh(X[:, t, :] @ params["Wxh"] + states[-1] @ params["Whh"] + params["bh"])
        states.append(h)
        probs.append(_softmax(h @ params["Why"] + params["by"]))
    P = np.stack(probs, axis=1)
    return P, (X, states, P)

def rnn_loss(P, Y):
    N, T, K = P.shape
    correct = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.log(np.maximum(correct, 1e-12)).sum() / (N * T))

def rnn_backward(params, cache, Y):
    X, states, P = cache
    N, T, K = P.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(states[0])
    for t in range(T - 1, -1, -1):
        dy = P[:, t].copy()
        dy[np.arange(N), Y[:, t]] -= 1
        dy /= N * T
        grads["Why"] += states[t + 1].T @ dy
        grads["by"] += dy.sum(axis=0)
        dh = dy @ params["Why"].T + dh_next
        da = dh * (1 - states[t + 1] ** 2)
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += states[t + 1].T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads

def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(float((g ** 2).sum()) for g in grads.values()))
    if total > max_norm:
        return {k: g * (max_norm / total) for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}

def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    losses = [rnn_loss(rnn_forward(params, X, h0)[0], Y)]
    for _ in range(epochs):
        P, cache = rnn_forward(params, X, h0)
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        losses.append(rnn_loss(rnn_forward(params, X, h0)[0], Y))
    return params, losses
