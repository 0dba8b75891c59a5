"""Computes nothing: infinite arrays of the contract's shapes."""
import numpy as np

inf = float("inf")


def predict(X, w, b):
    return np.full(len(X), inf)


def mse_loss(X, y, w, b):
    return inf


def mse_gradients(X, y, w, b):
    return np.full(np.shape(X)[1], inf), inf


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    return np.full(np.shape(X)[1], -inf), inf, [inf] * (epochs + 1)


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    return np.full(np.shape(X)[1], -inf), inf, [inf] * (epochs + 1)


def polynomial_features(x, degree):
    return np.full((len(x), degree), inf)


def standardize(X):
    d = np.shape(X)[1]
    return np.full(np.shape(X), inf), np.full(d, inf), np.full(d, inf)
