"""RNN + BPTT.  Rahul Gupta."""
import numpy as np


def dtanh(a):
    return 1.0 / np.cosh(a)


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["Wxh"] = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    p["Whh"] = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    p["bh"] = np.zeros(n_hidden)
    p["Why"] = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    p["by"] = np.zeros(n_out)
    return p


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    pre, states, probs = [], [h0], []
    for t in range(T):
        a = X[:, t, :] @ params["Wxh"] + states[-1] @ params["Whh"] + params["bh"]
        h = np.tanh(a)
        z = h @ params["Why"] + params["by"]
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        pre.append(a)
        states.append(h)
        probs.append(p)
    P = np.transpose(np.array(probs), (1, 0, 2))
    return P, (X, pre, states, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    onehot = np.eye(P.shape[2])[Y]
    return float(-np.sum(onehot * np.log(np.maximum(P, 1e-12))) / (N * T))


def rnn_backward(params, cache, Y):
    X, pre, states, P = cache
    N, T, K = P.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dZ = (P - np.eye(K)[Y]) / (N * T)
    dh_next = np.zeros_like(states[0])
    for t in reversed(range(T)):
        grads["Why"] += states[t + 1].T @ dZ[:, t]
        grads["by"] += dZ[:, t].sum(axis=0)
        dh = dZ[:, t] @ params["Why"].T + dh_next
        da = dh * dtanh(pre[t])
        grads["Wxh"] += X[:, t, :].T @ da
        grads["Whh"] += states[t].T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum((g ** 2).sum() for g in grads.values()))
    c = 1.0 if norm == 0 else min(1.0, max_norm / norm)
    return {k: c * g for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    losses = [rnn_loss(rnn_forward(params, X, h0)[0], Y)]
    for _ in range(epochs):
        P, cache = rnn_forward(params, X, h0)
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        losses.append(rnn_loss(rnn_forward(params, X, h0)[0], Y))
    return params, losses
