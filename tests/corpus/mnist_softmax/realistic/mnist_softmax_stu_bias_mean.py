"""MNIST MLP, HW3.  Column-major inside (features x samples) because
I copied my layer code from the Andrew Ng course; the interface is row-major."""
import numpy as np


def softmax(Z):
    m = Z.max(axis=1, keepdims=True)
    e = np.exp(Z - m)
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    p = P[np.arange(P.shape[0]), y]
    return float(np.mean(-np.log(np.maximum(p, 1e-12))))


def one_hot(y, K):
    return np.eye(K)[np.asarray(y)]


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params["W%d" % l] = rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2.0 / layer_sizes[l - 1])
        params["b%d" % l] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    A = X.T                                  # (D, N)
    cache = {"A0": A}
    for l in range(1, L + 1):
        Z = params["W%d" % l].T @ A + params["b%d" % l][:, None]
        cache["Z%d" % l] = Z
        if l < L:
            A = np.maximum(Z, 0)
            cache["A%d" % l] = A
    P = softmax(cache["Z%d" % L].T)
    cache["P"] = P
    return P, cache


def backward(params, cache, y):
    L = len(params) // 2
    P = cache["P"]
    N, K = P.shape
    dZ = ((P - one_hot(y, K)) / N).T         # (K, N)
    grads = {}
    for l in range(L, 0, -1):
        A_prev = cache["A%d" % (l - 1)]
        grads["W%d" % l] = (dZ @ A_prev.T).T
        grads["b%d" % l] = dZ.mean(axis=1)
        if l > 1:
            dA = params["W%d" % l] @ dZ
            dZ = dA * (cache["Z%d" % (l - 1)] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for ep in range(epochs):
        perm = rng.permutation(N)
        start = 0
        while start < N:
            sel = perm[start:start + batch_size]
            _, cache = forward(params, X[sel])
            grads = backward(params, cache, y[sel])
            params = {k: params[k] - lr * grads[k] for k in params}
            start += batch_size
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
