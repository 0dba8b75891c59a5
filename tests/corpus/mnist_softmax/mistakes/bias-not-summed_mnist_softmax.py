import numpy as np


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    expZ = np.exp(Z)
    return expZ / expZ.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    n = len(y)
    probs = P[np.arange(n), y]
    probs = np.maximum(probs, 1e-12)
    return -np.log(probs).mean()


def one_hot(y, K):
    return (np.arange(K)[None, :] == np.asarray(y)[:, None]).astype(float)


def relu(Z):
    return Z * (Z > 0)


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        std = np.sqrt(2 / layer_sizes[l - 1])
        params[f"W{l}"] = std * rng.standard_normal((layer_sizes[l - 1], layer_sizes[l]))
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    cache = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = softmax(Z) if l == L else relu(Z)
        cache[f"Z{l}"] = Z
        cache[f"A{l}"] = A
    return A, cache


def backward(params, cache, y):
    L = len(params) // 2
    P = cache[f"A{L}"]
    m = P.shape[0]
    grads = {}
    dZ = (P - one_hot(y, P.shape[1])) / m
    for l in range(L, 0, -1):
        grads[f"W{l}"] = cache[f"A{l-1}"].T @ dZ
        grads[f"b{l}"] = dZ[0]
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (cache[f"Z{l-1}"] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    n = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(n)
        for i in range(0, n, batch_size):
            batch = perm[i:i + batch_size]
            _, cache = forward(params, X[batch])
            grads = backward(params, cache, y[batch])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
