"""XOR with a 2-layer sigmoid network."""

import numpy as np

LR_DECAY = 1.0      # 0.999 was worse on XOR, keep it off
USE_ADAGRAD = False


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.normal(0.0, 1.0, size=(n_in, n_hidden)) / np.sqrt(n_in)
    W2 = rng.normal(0.0, 1.0, size=(n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    cache = (X, Z1, H, Z2, Y_hat)
    return Y_hat, cache


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, Z1, H, Z2, Y_hat = cache
    dY = 2.0 * (Y_hat - Y) / Y.size
    dZ2 = dY * sigmoid_derivative(Z2)
    dW2 = H.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dH = dZ2 @ params["W2"].T
    dZ1 = dH * sigmoid_derivative(Z1)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    cache_sq = {k: np.zeros_like(v) for k, v in params.items()}   # for the adagrad experiment
    step = lr
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for epoch in range(epochs):
        grads = backward(params, cache, Y)
        for k in params:
            cache_sq[k] += grads[k] ** 2
            scale = 1.0 / (np.sqrt(cache_sq[k]) + 1e-8) if USE_ADAGRAD else 1.0
            params[k] = params[k] - step * scale * grads[k]
        step = step * LR_DECAY
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
