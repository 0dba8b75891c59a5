"""Computes nothing: infinite arrays of the contract's shapes; init_params ignores rng and returns inf."""
import numpy as np

inf = float("inf")


def _inf(params):
    return {k: np.full(np.shape(v), inf) for k, v in params.items()}


def _classes(params):
    return np.shape(params[f"W{len(params) // 2}"])[1]


def softmax(Z):
    return np.full(np.shape(Z), inf)


def cross_entropy(P, y):
    return inf


def one_hot(y, K):
    return np.full((len(y), K), inf)


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = np.full((layer_sizes[l - 1], layer_sizes[l]), inf)
        params[f"b{l}"] = np.full(layer_sizes[l], -inf)
    return params


def forward(params, X):
    return np.full((len(X), _classes(params)), inf), None


def backward(params, cache, y):
    return _inf(params)


def train(params, X, y, lr, epochs, batch_size, rng):
    return _inf(params), [inf] * (epochs + 1)


def predict(params, X):
    return np.ones(len(X), dtype=int)
