"""Computes nothing: NaN arrays of the contract's shapes; init_params ignores rng and returns NaN."""
import numpy as np

nan = float("nan")


def _nan(params):
    return {k: np.full(np.shape(v), nan) for k, v in params.items()}


def _classes(params):
    return np.shape(params[f"W{len(params) // 2}"])[1]


def softmax(Z):
    return np.full(np.shape(Z), nan)


def cross_entropy(P, y):
    return nan


def one_hot(y, K):
    return np.full((len(y), K), nan)


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = np.full((layer_sizes[l - 1], layer_sizes[l]), nan)
        params[f"b{l}"] = np.full(layer_sizes[l], nan)
    return params


def forward(params, X):
    return np.full((len(X), _classes(params)), nan), None


def backward(params, cache, y):
    return _nan(params)


def train(params, X, y, lr, epochs, batch_size, rng):
    return _nan(params), [nan] * (epochs + 1)


def predict(params, X):
    return np.zeros(len(X), dtype=int)
