"""Computes nothing: every function returns the same constant."""


def predict(X, w, b):
    return (0, 0)


def mse_loss(X, y, w, b):
    return (0, 0)


def mse_gradients(X, y, w, b):
    return (0, 0)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    return (0, 0)


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    return (0, 0)


def polynomial_features(x, degree):
    return (0, 0)


def standardize(X):
    return (0, 0)
