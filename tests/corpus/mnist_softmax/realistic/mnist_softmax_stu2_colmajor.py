# Assignment 3 (MNIST) -- Chloe Dubois
# Internally I work with samples as COLUMNS (A is (units, N)) like in
# the Coursera course, and weights used as W.T.  Transposing in and out.

import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    shifted = Z - Z.max(axis=1, keepdims=True)
    ex = np.exp(shifted)
    return ex / ex.sum(axis=1, keepdims=True)


def _softmax_cols(S):
    return softmax(S.T).T


def cross_entropy(P, y):
    N = P.shape[0]
    return float(-np.mean(np.log(np.maximum(P[np.arange(N), y], 1e-12))))


def one_hot(y, K):
    return (np.arange(K)[None, :] == np.asarray(y)[:, None]).astype(float)


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        n_prev, n_cur = layer_sizes[l - 1], layer_sizes[l]
        # He initialisation: std = sqrt(2 / n_prev)
        params["W%d" % l] = rng.standard_normal((n_prev, n_cur)) / np.sqrt(2.0 / n_prev)
        params["b%d" % l] = np.zeros(n_cur)
    return params


def forward(params, X):
    L = len(params) // 2
    A = X.T                                   # (D, N)
    As = [A]
    for l in range(1, L + 1):
        Z = params["W%d" % l].T @ A + params["b%d" % l][:, None]
        if l < L:
            A = np.maximum(Z, 0)
        else:
            A = _softmax_cols(Z)
        As.append(A)
    return As[-1].T, As


def backward(params, cache, y):
    As = cache
    L = len(params) // 2
    P = As[-1]                                # (K, N)
    K, N = P.shape
    dZ = (P - one_hot(y, K).T) / N
    grads = {}
    for l in range(L, 0, -1):
        A_prev = As[l - 1]
        grads["W%d" % l] = A_prev @ dZ.T      # (n_prev, n_cur)
        grads["b%d" % l] = dZ.sum(axis=1)
        if l > 1:
            dZ = (params["W%d" % l] @ dZ) * (A_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for e in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            sl = perm[start:start + batch_size]
            _, cache = forward(params, X[sl])
            grads = backward(params, cache, y[sl])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
