"""Computes nothing: every function returns the same constant."""


def softmax(Z):
    return (0, 0)


def cross_entropy(P, y):
    return (0, 0)


def one_hot(y, K):
    return (0, 0)


def init_params(layer_sizes, rng):
    return (0, 0)


def forward(params, X):
    return (0, 0)


def backward(params, cache, y):
    return (0, 0)


def train(params, X, y, lr, epochs, batch_size, rng):
    return (0, 0)


def predict(params, X):
    return (0, 0)
