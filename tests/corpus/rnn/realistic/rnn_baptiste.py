"""RNN homework (assignment 4) -- Jean Baptiste.
Hidden states stored in a Python list, one (N, H) array per step."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.normal(size=(n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def softmax(z):
    z = z - np.max(z, axis=1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=1, keepdims=True)


def rnn_forward(params, X, h0):
    T = X.shape[1]
    hs, ps = [h0], []
    for t in range(T):
        h = np.tanh(X[:, t, :] @ params["Wxh"] + hs[-1] @ params["Whh"] + params["bh"])
        hs.append(h)
        ps.append(softmax(h @ params["Why"] + params["by"]))
    P = np.stack(ps, axis=1)
    return P, {"X": X, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T, K = P.shape
    total = 0.0
    for t in range(T):
        total += np.sum(np.log(np.maximum(P[np.arange(N), t, Y[:, t]], 1e-12)))
    return float(-total / (N * T))


def rnn_backward(params, cache, Y):
    X, hs, P = cache["X"], cache["hs"], cache["P"]
    N, T, K = P.shape
    grads = {name: np.zeros(value.shape) for name, value in params.items()}
    d_next = np.zeros_like(hs[0])
    for t in range(T - 1, 0, -1):
        dy = P[:, t].copy()
        dy[np.arange(N), Y[:, t]] -= 1
        dy = dy / (N * T)
        grads["Why"] = grads["Why"] + hs[t + 1].T @ dy
        grads["by"] = grads["by"] + dy.sum(0)
        dh = dy @ params["Why"].T + d_next
        da = dh * (1 - hs[t + 1] ** 2)
        grads["Wxh"] = grads["Wxh"] + X[:, t].T @ da
        grads["Whh"] = grads["Whh"] + hs[t].T @ da
        grads["bh"] = grads["bh"] + da.sum(0)
        d_next = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    c = max_norm / norm if norm > max_norm else 1.0
    return {name: c * g for name, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, float) for k, v in params.items()}
    losses = []
    P, cache = rnn_forward(params, X, h0)
    losses.append(rnn_loss(P, Y))
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
