# XOR MLP -- assignment 2
# 2 layers, sigmoid hidden + sigmoid output, MSE
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.normal(0, 1, size=(n_in, n_hidden))
    W2 = rng.normal(0, 1, size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = sigmoid(Z2)
    return A2, (X, Z1, A1, Z2, A2)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, Z1, A1, Z2, A2 = cache
    error = Y - A2
    dA2 = 2 * error / Y.size
    dZ2 = dA2 * sigmoid_derivative(Z2)
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ params["W2"].T
    dZ1 = dA1 * sigmoid_derivative(Z1)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for _ in range(epochs):
        Y_hat, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
