"""MNIST MLP with a per-layer gradient helper returning a dict."""
import numpy as np


def softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    ex = np.exp(shifted)
    return ex / ex.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    p = P[np.arange(P.shape[0]), y]
    return float(-np.log(np.maximum(p, 1e-12)).mean())


def one_hot(y, K):
    Y = np.zeros((y.size, K))
    Y[np.arange(y.size), y] = 1
    return Y


def layer_grads(dZ, A_prev, W):
    """For Z = A_prev @ W + b: returns {"W", "b", "A_prev"} gradients."""
    return {"W": A_prev.T @ dZ, "b": dZ.sum(axis=0), "A_prev": dZ @ W.T}


def init_params(layer_sizes, rng):
    p = {}
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        p[f"W{l}"] = np.sqrt(2.0 / n_in) * rng.standard_normal((n_in, n_out))
        p[f"b{l}"] = np.zeros(n_out)
    return p


def forward(params, X):
    L = len(params) // 2
    A = X
    stash = [X]
    for l in range(1, L):
        A = np.maximum(0.0, A @ params[f"W{l}"] + params[f"b{l}"])
        stash.append(A)
    P = softmax(A @ params[f"W{L}"] + params[f"b{L}"])
    return P, (stash, P)


def backward(params, cache, y):
    stash, P = cache
    N, K = P.shape
    L = len(params) // 2
    error = (P - one_hot(y, K)) / N
    out = {}
    dZ = error
    for l in range(L, 0, -1):
        g = layer_grads(-dZ, stash[l - 1], params[f"W{l}"])
        out[f"W{l}"], out[f"b{l}"] = g["W"], g["b"]
        if l > 1:
            dZ = -g["A_prev"] * (stash[l - 1] > 0)
    return {k: out[k] for k in params}


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
