"""Computes nothing: zeros of the contract's shapes everywhere; init_params ignores rng."""
import numpy as np


def _zeros(params):
    return {k: np.zeros(np.shape(v)) for k, v in params.items()}


def _classes(params):
    return np.shape(params[f"W{len(params) // 2}"])[1]


def softmax(Z):
    return np.zeros(np.shape(Z))


def cross_entropy(P, y):
    return 0.0


def one_hot(y, K):
    return np.zeros((len(y), K))


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = np.zeros((layer_sizes[l - 1], layer_sizes[l]))
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    return np.zeros((len(X), _classes(params))), None


def backward(params, cache, y):
    return _zeros(params)


def train(params, X, y, lr, epochs, batch_size, rng):
    return _zeros(params), [0.0] * (epochs + 1)


def predict(params, X):
    return np.zeros(len(X), dtype=int)
