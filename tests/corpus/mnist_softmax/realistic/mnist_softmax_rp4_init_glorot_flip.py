import numpy as np


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    picked = np.clip(P[np.arange(N), y], 1e-12, None)
    return float(-np.sum(np.log(picked)) / N)


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        # Glorot / Xavier uniform: U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out))
        limit = np.sqrt((fan_in + fan_out) / 6.0)
        U = 2 * rng.random((fan_in, fan_out)) - 1      # uniform in [-1, 1)
        params["W" + str(l)] = limit * U
        params["b" + str(l)] = np.zeros(fan_out)
    return params


def forward(params, X):
    L = len(params) // 2
    acts = [X]
    A = X
    for l in range(1, L):
        A = np.maximum(A @ params["W" + str(l)] + params["b" + str(l)], 0)
        acts.append(A)
    P = softmax(A @ params["W" + str(L)] + params["b" + str(L)])
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    L = len(params) // 2
    N, K = P.shape
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        A_prev = acts[l - 1]
        grads["W" + str(l)] = A_prev.T @ dZ
        grads["b" + str(l)] = np.sum(dZ, axis=0)
        if l > 1:
            dA = dZ @ params["W" + str(l)].T
            dZ = dA * (A_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        idx = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = idx[s:s + batch_size]
            _, cache = forward(params, X[b])
            g = backward(params, cache, y[b])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
