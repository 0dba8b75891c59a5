"""Computes nothing: NaN arrays of the contract's shapes; init_params ignores rng and returns NaN."""
import numpy as np

nan = float("nan")


def _nan(params):
    return {k: np.full(np.shape(v), nan) for k, v in params.items()}


def sigmoid(z):
    return np.full(np.shape(z), nan)


def sigmoid_derivative(z):
    return np.full(np.shape(z), nan)


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": np.full((n_in, n_hidden), nan), "b1": np.full(n_hidden, nan),
            "W2": np.full((n_hidden, n_out), nan), "b2": np.full(n_out, nan)}


def forward(params, X):
    return np.full((len(X), np.shape(params["W2"])[1]), nan), None


def mse_loss(Y_hat, Y):
    return nan


def backward(params, cache, Y):
    return _nan(params)


def train(params, X, Y, lr, epochs):
    return _nan(params), [nan] * (epochs + 1)


def predict(params, X):
    return np.zeros((len(X), np.shape(params["W2"])[1]), dtype=int)
