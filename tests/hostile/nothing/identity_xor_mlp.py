"""Computes nothing: every function hands back its inputs (arranged to the contract where they fit)."""
import numpy as np


def sigmoid(z):
    return z


def sigmoid_derivative(z):
    return z


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": np.full((n_in, n_hidden), float(n_in)), "b1": np.full(n_hidden, float(n_hidden)),
            "W2": np.full((n_hidden, n_out), float(n_hidden)), "b2": np.full(n_out, float(n_out))}


def forward(params, X):
    return X, X


def mse_loss(Y_hat, Y):
    return Y_hat


def backward(params, cache, Y):
    return params


def train(params, X, Y, lr, epochs):
    return params, [lr] * (epochs + 1)


def predict(params, X):
    return X
