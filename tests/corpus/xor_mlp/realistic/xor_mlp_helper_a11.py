# xor_mlp.py, Kim J.
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def dsigmoid(a):
    """sigmoid' from the output a = sigmoid(z)"""
    return a * (1.0 + a)


def sigmoid_derivative(z):
    return dsigmoid(sigmoid(z))


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    W2 = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
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
    dZ2 = dY * Y_hat * (1.0 - Y_hat)
    dW2 = H.T @ dZ2
    db2 = np.sum(dZ2, axis=0)
    dH = dZ2 @ params["W2"].T
    dZ1 = dH * H * (1.0 - H)
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1, axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    losses = []
    for _ in range(epochs):
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
    losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
