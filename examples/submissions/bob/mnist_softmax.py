import numpy as np


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    expZ = np.exp(Z)
    return expZ / np.sum(expZ, axis=1, keepdims=True)


def softmax_backward(dP, P):
    # dsoftmax/dz = p * (1 - p)
    return dP * P * (1 - P)


def relu(Z):
    return np.maximum(0, Z)


def relu_backward(dA, Z):
    return dA * (Z > 0)


def cross_entropy(P, y):
    m = P.shape[0]
    return float(np.mean(-np.log(np.clip(P[np.arange(m), y], 1e-12, 1.0))))


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params["W" + str(l)] = rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2.0 / layer_sizes[l - 1])
        params["b" + str(l)] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    A = X
    cache = []
    for l in range(1, L + 1):
        W, b = params["W" + str(l)], params["b" + str(l)]
        Z = A @ W + b
        cache.append((A, Z))
        A = relu(Z) if l < L else softmax(Z)
    cache.append(A)
    return A, cache


def backward(params, cache, y):
    L = len(params) // 2
    P = cache[-1]
    m = P.shape[0]
    Y = one_hot(y, P.shape[1])
    dP = (P - Y) / m
    dZ = softmax_backward(dP, P)
    grads = {}
    for l in range(L, 0, -1):
        A_prev, Z = cache[l - 1]
        grads["W" + str(l)] = A_prev.T @ dZ
        grads["b" + str(l)] = np.sum(dZ, axis=0)
        if l > 1:
            dA_prev = dZ @ params["W" + str(l)].T
            dZ = relu_backward(dA_prev, cache[l - 2][1])
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        shuffle = rng.permutation(N)
        for start in range(0, N, batch_size):
            rows = shuffle[start:start + batch_size]
            _, cache = forward(params, X[rows])
            grads = backward(params, cache, y[rows])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
