"""Computes nothing from the data: every row is the same, made from the parameters alone."""
import numpy as np


def predict(X, w, b):
    return np.full(len(X), float(b))


def mse_loss(X, y, w, b):
    return float(b) ** 2


def mse_gradients(X, y, w, b):
    return np.full(len(w), float(b)), float(b)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    d = np.shape(X)[1]
    return np.full(d, b0 - lr), b0 - lr, [float(b0) ** 2] * (epochs + 1)


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    d = np.shape(X)[1]
    return np.full(d, b0 - lr), b0 - lr, [float(b0) ** 2] * (epochs + 1)


def polynomial_features(x, degree):
    return np.tile(np.arange(1.0, degree + 1), (len(x), 1))


def standardize(X):
    X = np.asarray(X, dtype=float)
    return np.tile(X[0], (len(X), 1)), X[0], np.ones(X.shape[1])
