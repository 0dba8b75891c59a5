"""Computes nothing: infinite arrays of the contract's shapes; init_params ignores rng and returns inf."""
import numpy as np

inf = float("inf")


def _inf(params):
    return {k: np.full(np.shape(v), inf) for k, v in params.items()}


def sigmoid(z):
    return np.full(np.shape(z), inf)


def sigmoid_derivative(z):
    return np.full(np.shape(z), inf)


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": np.full((n_in, n_hidden), inf), "b1": np.full(n_hidden, -inf),
            "W2": np.full((n_hidden, n_out), inf), "b2": np.full(n_out, -inf)}


def forward(params, X):
    return np.full((len(X), np.shape(params["W2"])[1]), inf), None


def mse_loss(Y_hat, Y):
    return inf


def backward(params, cache, Y):
    return _inf(params)


def train(params, X, Y, lr, epochs):
    return _inf(params), [inf] * (epochs + 1)


def predict(params, X):
    return np.ones((len(X), np.shape(params["W2"])[1]), dtype=int)
