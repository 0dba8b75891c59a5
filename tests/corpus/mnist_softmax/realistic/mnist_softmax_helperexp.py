"""Homework 3: MNIST MLP with softmax output."""
import numpy as np


def _exp(z):
    return np.exp(z)


def softmax(Z):
    shift = Z.min(axis=1, keepdims=True)   # shift the logits so exp stays small
    E = _exp(Z - shift)
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    picked = P[np.arange(y.shape[0]), y]
    picked = np.clip(picked, 1e-12, None)
    return float(-np.log(picked).mean())


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        params["W%d" % l] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params["b%d" % l] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    X = X.reshape(X.shape[0], -1)        # flatten images if they come as 28x28
    acts = [X]
    A = X
    for l in range(1, L + 1):
        b_row = params["b%d" % l].reshape(1, -1)   # bias as a row for broadcasting
        Z = A @ params["W%d" % l] + b_row
        if l < L:
            A = np.maximum(Z, 0)
            acts.append(A)
    P = softmax(Z)
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    N, K = P.shape
    L = len(params) // 2
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        A_prev = acts[l - 1]
        dW = A_prev.T @ dZ
        grads["W%d" % l] = dW.reshape(params["W%d" % l].shape)   # same shape, just to be safe
        db_row = np.sum(dZ, axis=0, keepdims=True)
        grads["b%d" % l] = db_row.reshape(-1)
        if l > 1:
            dA = dZ @ params["W%d" % l].T
            dZ = dA * (A_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for ep in range(epochs):
        idx = rng.permutation(N)
        for s in range(0, N, batch_size):
            bi = idx[s:s + batch_size]
            P, cache = forward(params, X[bi])
            g = backward(params, cache, y[bi])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
