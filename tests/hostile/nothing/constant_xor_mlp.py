"""Computes nothing: every function returns the same constant."""


def sigmoid(z):
    return (0, 0)


def sigmoid_derivative(z):
    return (0, 0)


def init_params(n_in, n_hidden, n_out, rng):
    return (0, 0)


def forward(params, X):
    return (0, 0)


def mse_loss(Y_hat, Y):
    return (0, 0)


def backward(params, cache, Y):
    return (0, 0)


def train(params, X, Y, lr, epochs):
    return (0, 0)


def predict(params, X):
    return (0, 0)
