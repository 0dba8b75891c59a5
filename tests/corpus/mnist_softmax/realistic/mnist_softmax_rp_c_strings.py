"""MNIST softmax MLP; each layer's activation chosen by name.  P. Ferreira"""
import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    return float(-np.mean(np.log(np.clip(P[np.arange(len(y)), y], 1e-12, 1.0))))


def one_hot(y, K):
    return (np.asarray(y)[:, None] == np.arange(K)).astype(float)


def activate(kind, Z):
    if kind == "relu":
        return np.maximum(Z, 0.0)
    if kind == "linear":
        return Z
    raise ValueError(kind)


def kinds(params):
    L = len(params) // 2
    return ["relu"] * (L - 1) + ["linear"]


def init_params(layer_sizes, rng):
    params = {}
    for l, (a, b) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{l}"] = rng.normal(0.0, np.sqrt(2.0 / a), size=(a, b))
        params[f"b{l}"] = np.zeros(b)
    return params


def forward(params, X):
    A = X
    seen = []
    for l, kind in enumerate(kinds(params), start=1):
        seen.append(A)
        A = activate(kind, A @ params[f"W{l}"] + params[f"b{l}"])
    P = softmax(A)
    return P, (seen, P)


def backward(params, cache, y):
    seen, P = cache
    N, K = P.shape
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    names = kinds(params)
    for l in range(len(names), 0, -1):
        A_prev = seen[l - 1]
        grads[f"W{l}"] = A_prev.T @ dZ
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (A_prev > 0 if names[l - 2] == "relu" else 1.0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = [cross_entropy(forward(params, X)[0], y)]
    N = len(X)
    for _ in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = perm[s:s + batch_size]
            g = backward(params, forward(params, X[b])[1], y[b])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
