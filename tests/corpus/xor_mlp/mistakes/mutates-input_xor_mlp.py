# XOR MLP -- homework 2
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
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(0.0, 1.0, (n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 1.0, (n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


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
    dZ2 = 2 * (A2 - Y) / Y.size * sigmoid_derivative(Z2)
    dZ1 = (dZ2 @ params["W2"].T) * sigmoid_derivative(Z1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    losses = [mse_loss(forward(params, X)[0], Y)]
    for epoch in range(epochs):
        _, cache = forward(params, X)
        grads = backward(params, cache, Y)
        for key in params:
            params[key] -= lr * grads[key]
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    A2, _ = forward(params, X)
    return (A2 >= 0.5).astype(int)
