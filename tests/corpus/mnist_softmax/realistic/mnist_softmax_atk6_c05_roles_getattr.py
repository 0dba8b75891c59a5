"""MNIST MLP with any number of ReLU hidden layers and a softmax readout."""
import sys

import numpy as np


def relu(Z):
    return np.maximum(Z, 0.0)


def identity(Z):
    return Z


def softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(shifted)
    return E / E.sum(axis=1, keepdims=True)


ROLE_ACTIVATION = {"hidden": "relu", "logits": "identity"}


def _act(role):
    return getattr(sys.modules[__name__], ROLE_ACTIVATION[role])


def cross_entropy(P, y):
    rows = np.arange(len(y))
    return float(np.mean(-np.log(np.clip(P[rows, y], 1e-12, 1.0))))


def one_hot(y, K):
    return (np.asarray(y)[:, None] == np.arange(K)[None, :]).astype(float)


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = rng.normal(0.0, np.sqrt(2.0 / layer_sizes[l - 1]), (layer_sizes[l - 1], layer_sizes[l]))
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    roles = ["hidden"] * (L - 1) + ["logits"]
    A = X
    inputs = []
    for l, role in enumerate(roles, start=1):
        inputs.append(A)
        A = _act(role)(A @ params[f"W{l}"] + params[f"b{l}"])
    P = softmax(A)
    return P, (inputs, P)


def backward(params, cache, y):
    inputs, P = cache
    N, K = P.shape
    L = len(params) // 2
    grads = {}
    dZ = (P - one_hot(y, K)) / N
    for l in reversed(range(1, L + 1)):
        grads[f"W{l}"] = inputs[l - 1].T @ dZ
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (inputs[l - 1] > 0)
    return {k: grads[k] for k in params}


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = len(X)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = order[s:s + batch_size]
            _, cache = forward(params, X[b])
            g = backward(params, cache, y[b])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
