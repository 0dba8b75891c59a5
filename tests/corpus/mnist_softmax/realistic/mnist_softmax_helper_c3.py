import numpy as np


def relu(z):
    return np.maximum(z, 0.0)


def relu_grad(z):
    return np.maximum(z, 0)


def relu_grad(z):
    """1 where z > 0, else 0 (0 at exactly 0)."""
    g = relu(z)
    g[g > 0] = 1.0
    return g


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    p = np.clip(P[np.arange(P.shape[0]), y], 1e-12, None)
    return float(-np.mean(np.log(p)))


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for i in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[i - 1], layer_sizes[i]
        params["W%d" % i] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        params["b%d" % i] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    A = X
    cache = {"A0": X}
    for l in range(1, L + 1):
        Z = A @ params["W%d" % l] + params["b%d" % l]
        cache["Z%d" % l] = Z
        A = relu(Z) if l < L else softmax(Z)
        cache["A%d" % l] = A
    return A, cache


def backward(params, cache, y):
    L = len(params) // 2
    P = cache["A%d" % L]
    N, K = P.shape
    grads = {}
    dZ = (P - one_hot(y, K)) / N
    for l in range(L, 0, -1):
        grads["W%d" % l] = cache["A%d" % (l - 1)].T @ dZ
        grads["b%d" % l] = dZ.sum(axis=0)
        if l > 1:
            dA = dZ @ params["W%d" % l].T
            dZ = dA * relu_grad(cache["Z%d" % (l - 1)])
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for i in range(0, N, batch_size):
            idx = perm[i:i + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            for k in params:
                params[k] = params[k] - lr * grads[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
