import numpy as np


def relu(z):
    return np.maximum(0, z)


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = len(y)
    return float(np.mean(-np.log(np.clip(P[np.arange(N), y], 1e-12, 1.0))))


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
    As = [X]
    Zs = []
    for l in range(1, L + 1):
        Z = A @ params["W" + str(l)] + params["b" + str(l)]
        A = relu(Z)
        Zs.append(Z)
        As.append(A)
    P = softmax(A)
    return P, (As, Zs, P)


def backward(params, cache, y):
    As, Zs, P = cache
    L = len(params) // 2
    N = P.shape[0]
    dA = (P - one_hot(y, P.shape[1])) / N
    grads = {}
    for l in range(L, 0, -1):
        dZ = dA * (Zs[l - 1] > 0)
        grads["W" + str(l)] = As[l - 1].T @ dZ
        grads["b" + str(l)] = dZ.sum(axis=0)
        dA = dZ @ params["W" + str(l)].T
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            idx = perm[s:s + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            for k in params:
                params[k] = params[k] - lr * grads[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
