"""XOR network, homework 2."""

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    params = {}
    params["W1"] = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    params["b1"] = np.zeros(n_hidden)
    params["W2"] = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    params["b2"] = np.zeros(n_out)
    return params


def forward(params, X):
    Z1 = np.dot(X, params["W1"]) + params["b1"]
    H = sigmoid(Z1)
    Z2 = np.dot(H, params["W2"]) + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, (X, H, Y_hat)


def mse_loss(Y_hat, Y):
    n = Y.shape[0]          # number of predictions
    err = Y_hat - Y
    total = np.sum(err * err)
    return float(total / n)


def backward(params, cache, Y):
    X, H, Y_hat = cache
    N, n_out = Y.shape
    dY = 2.0 * (Y_hat - Y) / (N * n_out)
    d2 = dY * Y_hat * (1.0 - Y_hat)
    d1 = (d2 @ params["W2"].T) * H * (1.0 - H)
    grads = {}
    grads["W2"] = H.T @ d2
    grads["b2"] = np.sum(d2, axis=0)
    grads["W1"] = X.T @ d1
    grads["b1"] = np.sum(d1, axis=0)
    return grads


def train(params, X, Y, lr, epochs):
    N = X.shape[0]
    params = {k: v.copy() for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for epoch in range(epochs):
        grads = backward(params, cache, Y)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
