"""
HW3: MNIST digit classification with a ReLU MLP
Andres Lopez

backward() handles one image at a time (vectors instead of matrices), which
is how I derived the equations; the batch gradient is the average.
"""

import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    m = np.max(Z, axis=1, keepdims=True)
    e = np.exp(Z - m)
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy(P, y):
    n = P.shape[0]
    probs = np.maximum(P[np.arange(n), y], 1e-12)
    return float(np.mean(-np.log(probs)))


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    for i, label in enumerate(y):
        Y[i, label] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        std = np.sqrt(2.0 / layer_sizes[l - 1])
        params["W" + str(l)] = std * rng.standard_normal((layer_sizes[l - 1], layer_sizes[l]))
        params["b" + str(l)] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    inputs = [X]
    pre = []
    A = X
    for l in range(1, L + 1):
        Z = A @ params["W" + str(l)] + params["b" + str(l)]
        pre.append(Z)
        if l < L:
            A = np.maximum(Z, 0)
            inputs.append(A)
    P = softmax(pre[-1])
    return P, {"inputs": inputs, "pre": pre, "P": P}


def backward(params, cache, y):
    L = len(params) // 2
    P, inputs, pre = cache["P"], cache["inputs"], cache["pre"]
    N, K = P.shape
    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    for n in range(N):
        # output layer error for sample n
        delta = P[n].copy()
        delta[y[n]] -= 1.0
        for l in range(L, 0, -1):
            a_prev = inputs[l - 1][n]
            grads["W" + str(l)] = np.outer(a_prev, delta) / N
            grads["b" + str(l)] += delta / N
            if l > 1:
                delta = (params["W" + str(l)] @ delta) * (pre[l - 2][n] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            batch = perm[start:start + batch_size]
            _, cache = forward(params, X[batch])
            grads = backward(params, cache, y[batch])
            for k in params:
                params[k] = params[k] - lr * grads[k]
        # print("epoch", epoch, "loss", cross_entropy(forward(params, X)[0], y))
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
