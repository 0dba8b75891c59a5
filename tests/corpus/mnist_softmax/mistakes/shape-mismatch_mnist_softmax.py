import numpy as np


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    expZ = np.exp(Z)
    return expZ / np.sum(expZ, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    return float(-np.sum(np.log(np.maximum(P[np.arange(N), y], 1e-12))) / N)


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        scale = np.sqrt(2.0 / layer_sizes[l - 1])
        params["W" + str(l)] = scale * rng.standard_normal((layer_sizes[l - 1], layer_sizes[l]))
        params["b" + str(l)] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    cache = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = A @ params["W" + str(l)] + params["b" + str(l)]
        A = np.maximum(Z, 0) if l < L else softmax(Z)
        cache["Z" + str(l)], cache["A" + str(l)] = Z, A
    return A, cache


def backward(params, cache, y):
    L = len(params) // 2
    P = cache["A" + str(L)]
    dZ = (P - one_hot(y, P.shape[1])) / P.shape[0]
    grads = {}
    for l in reversed(range(1, L + 1)):
        grads["W" + str(l)] = cache["A" + str(l - 1)].T @ dZ
        grads["b" + str(l)] = np.sum(dZ, axis=0)
        if l > 1:
            dZ = (dZ @ params["W" + str(l)].T) * (cache["Z" + str(l - 1)] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            idx = perm[start:start + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1, keepdims=True)
