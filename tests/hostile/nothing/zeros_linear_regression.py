"""Computes nothing: zeros of the contract's shapes everywhere."""
import numpy as np


def predict(X, w, b):
    return np.zeros(len(X))


def mse_loss(X, y, w, b):
    return 0.0


def mse_gradients(X, y, w, b):
    return np.zeros(np.shape(X)[1]), 0.0


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    return np.zeros(np.shape(X)[1]), 0.0, [0.0] * (epochs + 1)


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    return np.zeros(np.shape(X)[1]), 0.0, [0.0] * (epochs + 1)


def polynomial_features(x, degree):
    return np.zeros((len(x), degree))


def standardize(X):
    d = np.shape(X)[1]
    return np.zeros(np.shape(X)), np.zeros(d), np.ones(d)
