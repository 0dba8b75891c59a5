"""Computes nothing from the data: every row is the same, made from the parameters alone; init_params draws
one number from rng and gives it to every weight."""
import numpy as np


def _flat(params):
    return {k: np.full(np.shape(v), float(np.mean(v))) for k, v in params.items()}


def _last(params):
    return np.asarray(params[f"b{len(params) // 2}"], dtype=float)


def softmax(Z):
    n, k = np.shape(Z)
    return np.full((n, k), 1.0 / k)


def cross_entropy(P, y):
    return 2.3


def one_hot(y, K):
    return np.tile(np.eye(K)[0], (len(y), 1))


def init_params(layer_sizes, rng):
    c = float(rng.normal()) * 0.01
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = np.full((layer_sizes[l - 1], layer_sizes[l]), c)
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    e = np.exp(_last(params) - _last(params).max())
    return np.tile(e / e.sum(), (len(X), 1)), None


def backward(params, cache, y):
    return _flat(params)


def train(params, X, y, lr, epochs, batch_size, rng):
    return _flat(params), [2.3] * (epochs + 1)


def predict(params, X):
    return np.full(len(X), int(np.argmax(_last(params))))
