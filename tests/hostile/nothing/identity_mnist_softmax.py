"""Computes nothing: every function hands back its inputs (arranged to the contract where they fit)."""
import numpy as np


def softmax(Z):
    return Z


def cross_entropy(P, y):
    return P


def one_hot(y, K):
    return np.stack([y] * K, axis=1)


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = np.full((layer_sizes[l - 1], layer_sizes[l]), float(layer_sizes[l - 1]))
        params[f"b{l}"] = np.full(layer_sizes[l], float(layer_sizes[l]))
    return params


def forward(params, X):
    return X, X


def backward(params, cache, y):
    return params


def train(params, X, y, lr, epochs, batch_size, rng):
    return params, [lr] * (epochs + 1)


def predict(params, X):
    return np.arange(len(X)) % 2
