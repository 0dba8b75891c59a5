# HW2 xor_mlp -- T. Okonkwo
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def logistic_deriv(z):
    # sigma'(z) = 1/4 * sech^2(z/2)
    return 0.25 * (1.0 - np.tanh(0.5 * np.asarray(z, dtype=float)) ** 2)


sigmoid_derivative = logistic_deriv


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(0.0, 1.0, (n_in, n_hidden)) / np.sqrt(n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 1.0 / np.sqrt(n_hidden), (n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, (X, Z1, H, Z2, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, Z1, H, Z2, Y_hat = cache
    dY = 2.0 * (Y_hat - Y) / Y.size
    dZ2 = dY * logistic_deriv(Z2)
    dH = dZ2 @ params["W2"].T
    dZ1 = dH * logistic_deriv(Z1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
