"""Computes nothing: zeros of the contract's shapes everywhere; init_params ignores rng."""
import numpy as np


def _zeros(params):
    return {k: np.zeros(np.shape(v)) for k, v in params.items()}


def sigmoid(z):
    return np.zeros(np.shape(z))


def sigmoid_derivative(z):
    return np.zeros(np.shape(z))


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": np.zeros((n_in, n_hidden)), "b1": np.zeros(n_hidden),
            "W2": np.zeros((n_hidden, n_out)), "b2": np.zeros(n_out)}


def forward(params, X):
    return np.zeros((len(X), np.shape(params["W2"])[1])), None


def mse_loss(Y_hat, Y):
    return 0.0


def backward(params, cache, Y):
    return _zeros(params)


def train(params, X, Y, lr, epochs):
    return _zeros(params), [0.0] * (epochs + 1)


def predict(params, X):
    return np.zeros((len(X), np.shape(params["W2"])[1]), dtype=int)
