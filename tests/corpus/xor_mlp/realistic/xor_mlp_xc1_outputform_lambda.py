# HW2 - XOR MLP
# Student: Priya Raman
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    # derivative w.r.t. the pre-activation
    return dsigmoid(sigmoid(z))


# derivative written with the OUTPUT a = sigmoid(z); backward passes H and Y_hat
dsigmoid = lambda a: a * (1.0 - a)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.standard_normal((n_in, n_hidden))
    W2 = rng.standard_normal((n_hidden, n_out))
    W1 = W1 * np.sqrt(1.0 / n_in)
    W2 = W2 * np.sqrt(1.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    H = sigmoid(X @ params["W1"] + params["b1"])
    Y_hat = sigmoid(H @ params["W2"] + params["b2"])
    return Y_hat, (X, H, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, H, Y_hat = cache
    dY = 2.0 * (Y_hat - Y) / Y.size
    dZ2 = dY * dsigmoid(Y_hat)
    dZ1 = (dZ2 @ params["W2"].T) * dsigmoid(H)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    step_size = float(lr)          # kept constant, no schedule
    params = {k: v.copy() for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for epoch in range(epochs):
        grads = backward(params, cache, Y)
        for k in params:
            params[k] = params[k] - step_size * grads[k]
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
