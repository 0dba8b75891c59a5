"""MNIST MLP with softmax output - O. Adeyemi"""
import numpy as np


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    n = len(y)
    return float(-np.sum(np.log(np.clip(P[np.arange(n), y], 1e-12, None))) / n)


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for i in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[i - 1], layer_sizes[i]
        params["W%d" % i] = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
        params["b%d" % i] = np.zeros(fan_out)
    return params


def forward(params, X):
    L = len(params) // 2
    acts = [X]
    A = X
    for i in range(1, L):
        Z = A @ params["W%d" % i] + params["b%d" % i]
        A = np.where(Z > 0, Z, np.exp(Z) - 1.0)   # ELU: smooth, no dead units
        acts.append(A)
    P = softmax(A @ params["W%d" % L] + params["b%d" % L])
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    N, K = P.shape
    L = len(params) // 2
    grads = {}
    dZ = (P - one_hot(y, K)) / N
    for i in range(L, 0, -1):
        A_prev = acts[i - 1]
        grads["W%d" % i] = A_prev.T @ dZ
        grads["b%d" % i] = dZ.sum(axis=0)
        if i > 1:
            dZ = (dZ @ params["W%d" % i].T) * (A_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.astype(float).copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for s in range(0, N, batch_size):
            idx = order[s:s + batch_size]
            _, cache = forward(params, X[idx])
            g = backward(params, cache, y[idx])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
