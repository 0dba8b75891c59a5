"""Computes nothing: NaN arrays of the contract's shapes."""
import numpy as np

nan = float("nan")


def predict(X, w, b):
    return np.full(len(X), nan)


def mse_loss(X, y, w, b):
    return nan


def mse_gradients(X, y, w, b):
    return np.full(np.shape(X)[1], nan), nan


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    return np.full(np.shape(X)[1], nan), nan, [nan] * (epochs + 1)


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    return np.full(np.shape(X)[1], nan), nan, [nan] * (epochs + 1)


def polynomial_features(x, degree):
    return np.full((len(x), degree), nan)


def standardize(X):
    d = np.shape(X)[1]
    return np.full(np.shape(X), nan), np.full(d, nan), np.full(d, nan)
