import numpy as np


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    p = P[np.arange(P.shape[0]), y]
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for l, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{l}"] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params[f"b{l}"] = np.zeros(n_out)
    return params


def _layer(A, W, b, relu=True):
    Z = A @ W + b
    if relu:
        return np.maximum(Z, 0.0)
    return Z


def forward(params, X):
    L = len(params) // 2
    A = X
    inputs = []
    for l in range(1, L + 1):
        inputs.append(A)
        A = _layer(A, params[f"W{l}"], params[f"b{l}"], relu=l < L)
    P = softmax(A)
    return P, (inputs, P)


def backward(params, cache, y):
    inputs, P = cache
    N, K = P.shape
    L = len(params) // 2
    grads = {}
    dZ = (P - one_hot(y, K)) / N
    for l in range(L, 0, -1):
        grads[f"W{l}"] = inputs[l - 1].T @ dZ
        grads[f"b{l}"] = np.sum(dZ, axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (inputs[l - 1] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for i in range(0, N, batch_size):
            idx = perm[i:i + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
