import numpy as np


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
    hs = [h0]
    P = []
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + hs[-1] @ params["Whh"] + params["bh"])
        hs.append(h)
        s = h @ params["Why"] + params["by"]
        s = s - s.max(axis=1, keepdims=True)
        P.append(np.exp(s) / np.exp(s).sum(axis=1, keepdims=True))
    P = np.stack(P, axis=1)
    return P, (X, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    p = P[np.arange(N)[:, None], np.arange(T), Y]
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


def rnn_backward(params, cache, Y):
    # TODO: backpropagation through time
    raise NotImplementedError


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    # TODO: full-batch gradient descent with clip_gradients
    raise NotImplementedError
