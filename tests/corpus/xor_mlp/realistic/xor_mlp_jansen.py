"""XOR network - Pieter Jansen (HW2)"""
import numpy as np


def sigmoid(z):
    z = np.clip(z, -500, 500)
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1.0 - sigmoid(z))


def dsigmoid(a):
    return 1.0 - a


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.standard_normal((n_in, n_hidden)) * np.sqrt(1.0 / n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.standard_normal((n_hidden, n_out)) * np.sqrt(1.0 / n_hidden),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    A1 = sigmoid(X @ params["W1"] + params["b1"])
    A2 = sigmoid(A1 @ params["W2"] + params["b2"])
    return A2, (X, A1, A2)


def mse_loss(Y_hat, Y):
    return float(np.mean(np.square(Y_hat - Y)))


def backward(params, cache, Y):
    X, A1, A2 = cache
    m = Y.size
    dA2 = 2.0 / m * (A2 - Y)
    dZ2 = dA2 * dsigmoid(A2)
    dW2 = A1.T @ dZ2
    db2 = np.sum(dZ2, axis=0)
    dA1 = dZ2 @ params["W2"].T
    dZ1 = dA1 * dsigmoid(A1)
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1, axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    params = {k: np.copy(v) for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for epoch in range(epochs):
        _, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
