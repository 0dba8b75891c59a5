import numpy as np


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    N = len(y)
    p = np.clip(P[np.arange(N), y], 1e-12, 1.0)
    return float(-np.log(p).sum() / N)


def one_hot(y, K):
    return np.eye(K)[y]


def init_params(layer_sizes, rng):
    params = {}
    for i in range(1, len(layer_sizes)):
        fan_in = layer_sizes[i - 1]
        params["W" + str(i)] = rng.standard_normal((fan_in, layer_sizes[i])) * np.sqrt(2.0 / fan_in)
        params["b" + str(i)] = np.zeros(layer_sizes[i])
    return params


def forward(params, X):
    n = len(params) // 2
    cache = [(X, None)]
    A = X
    for i in range(1, n + 1):
        Z = A @ params["W" + str(i)] + params["b" + str(i)]
        A = softmax(Z) if i == n else np.maximum(Z, 0)
        cache.append((A, Z))
    return A, cache


def backward(params, cache, y):
    n = len(params) // 2
    P = cache[-1][0]
    dZ = (P - one_hot(y, P.shape[1])) / P.shape[0]
    grads = {}
    for i in range(n, 0, -1):
        A_prev = cache[i - 1][0]
        grads["W" + str(i)] = A_prev.T @ dZ
        grads["b" + str(i)] = dZ.sum(axis=0)
        if i > 1:
            dZ = (dZ @ params["W" + str(i)].T) * (cache[i - 1][1] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            idx = perm[start:start + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            for key in params:
                params[key] -= lr * grads[key]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return P.argmax(axis=1)
