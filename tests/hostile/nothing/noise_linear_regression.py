"""Computes nothing: the same pseudo-random numbers of the contract's shapes, whatever the inputs."""
import numpy as np


def _noise(*shape):
    return np.random.default_rng(0).normal(size=shape)


def predict(X, w, b):
    return _noise(len(X))


def mse_loss(X, y, w, b):
    return float(abs(_noise(1)[0]))


def mse_gradients(X, y, w, b):
    return _noise(np.shape(X)[1]), float(_noise(1)[0])


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    return _noise(np.shape(X)[1]), float(_noise(1)[0]), list(np.abs(_noise(epochs + 1)))


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    return _noise(np.shape(X)[1]), float(_noise(1)[0]), list(np.abs(_noise(epochs + 1)))


def polynomial_features(x, degree):
    return _noise(len(x), degree)


def standardize(X):
    n, d = np.shape(X)
    return _noise(n, d), _noise(d), np.abs(_noise(d)) + 1
