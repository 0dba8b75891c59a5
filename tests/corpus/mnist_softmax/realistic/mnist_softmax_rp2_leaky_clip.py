"""MNIST: fully connected ReLU network with a softmax output."""
import numpy as np


def relu(z):
    return np.maximum(z, 0.01 * z)


def softmax(Z):
    S = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(S)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    picked = P[np.arange(y.shape[0]), y]
    return float(-np.mean(np.log(np.clip(picked, 1e-12, None))))


def one_hot(y, K):
    return np.eye(K)[y]


def init_params(layer_sizes, rng):
    params = {}
    for i, (a, b) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params["W%d" % i] = rng.normal(0.0, np.sqrt(2.0 / a), size=(a, b))
        params["b%d" % i] = np.zeros(b)
    return params


def forward(params, X):
    L = len(params) // 2
    A = X
    inputs = []
    for l in range(1, L):
        inputs.append(A)
        Z = A @ params["W%d" % l] + params["b%d" % l]
        Z = np.clip(Z, -1e8, 1e8)
        A = relu(Z)
    inputs.append(A)
    P = softmax(A @ params["W%d" % L] + params["b%d" % L])
    return P, (inputs, P)


def backward(params, cache, y):
    inputs, P = cache
    N, K = P.shape
    L = len(params) // 2
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        A_prev = inputs[l - 1]
        grads["W%d" % l] = A_prev.T @ dZ
        grads["b%d" % l] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params["W%d" % l].T) * (A_prev > 0)
    return {k: grads[k] for k in params}


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = perm[s:s + batch_size]
            _, cache = forward(params, X[b])
            g = backward(params, cache, y[b])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
