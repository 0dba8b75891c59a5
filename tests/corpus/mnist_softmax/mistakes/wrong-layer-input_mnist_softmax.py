import numpy as np


def softmax(Z):
    e = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = len(y)
    return -np.sum(np.log(np.clip(P[np.arange(N), y], 1e-12, 1.0))) / N


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params["W" + str(l)] = rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2.0 / layer_sizes[l - 1])
        params["b" + str(l)] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    A = {0: X}
    Z = {}
    for l in range(1, L):
        Z[l] = A[l - 1] @ params["W" + str(l)] + params["b" + str(l)]
        A[l] = np.maximum(Z[l], 0)
    Z[L] = A[L - 1] @ params["W" + str(L)] + params["b" + str(L)]
    A[L] = softmax(Z[L])
    return A[L], {"A": A, "Z": Z}


def backward(params, cache, y):
    A, Z = cache["A"], cache["Z"]
    L = len(params) // 2
    N = A[0].shape[0]
    grads = {}

    # output layer
    dZ = (A[L] - one_hot(y, A[L].shape[1])) / N
    grads["W" + str(L)] = A[L - 1].T @ dZ
    grads["b" + str(L)] = dZ.sum(axis=0)

    # hidden layers, from the top down
    for l in range(L - 1, 0, -1):
        dA = dZ @ params["W" + str(l + 1)].T
        dZ = dA * (Z[l] > 0)
        if l == 1:
            A_prev = A[0]
        else:
            A_prev = A[l]
        grads["W" + str(l)] = A_prev.T @ dZ
        grads["b" + str(l)] = dZ.sum(axis=0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        p = rng.permutation(N)
        for i in range(0, N, batch_size):
            j = p[i:i + batch_size]
            _, cache = forward(params, X[j])
            grads = backward(params, cache, y[j])
            for k in params:
                params[k] = params[k] - lr * grads[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
