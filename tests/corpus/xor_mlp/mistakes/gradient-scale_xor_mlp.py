"""Assignment 2 - XOR.

Network: X -> sigmoid(X W1 + b1) -> sigmoid(H W2 + b2)
Loss: mean squared error.
Backprop: dL/dy_hat = (y_hat - y) / n
"""
import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0, -np.asarray(z, dtype=float)))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    params = {}
    params["W1"] = rng.standard_normal((n_in, n_hidden)) * np.sqrt(1.0 / n_in)
    params["b1"] = np.zeros(n_hidden)
    params["W2"] = rng.standard_normal((n_hidden, n_out)) * np.sqrt(1.0 / n_hidden)
    params["b2"] = np.zeros(n_out)
    return params


def forward(params, X):
    cache = {}
    cache["X"] = X
    cache["z1"] = X @ params["W1"] + params["b1"]
    cache["h"] = sigmoid(cache["z1"])
    cache["z2"] = cache["h"] @ params["W2"] + params["b2"]
    cache["y_hat"] = sigmoid(cache["z2"])
    return cache["y_hat"], cache


def mse_loss(Y_hat, Y):
    return np.mean(np.square(Y_hat - Y))


def backward(params, cache, Y):
    n = Y.size
    dy = (cache["y_hat"] - Y) / n
    dz2 = dy * sigmoid_derivative(cache["z2"])
    dh = dz2 @ params["W2"].T
    dz1 = dh * sigmoid_derivative(cache["z1"])
    return {
        "W1": cache["X"].T @ dz1,
        "b1": np.sum(dz1, axis=0),
        "W2": cache["h"].T @ dz2,
        "b2": np.sum(dz2, axis=0),
    }


def train(params, X, Y, lr, epochs):
    p = {name: value.copy() for name, value in params.items()}
    losses = [mse_loss(forward(p, X)[0], Y)]
    for epoch in range(epochs):
        _, cache = forward(p, X)
        g = backward(p, cache, Y)
        for name in p:
            p[name] = p[name] - lr * g[name]
        losses.append(mse_loss(forward(p, X)[0], Y))
    return p, losses


def predict(params, X):
    y_hat, _ = forward(params, X)
    return (y_hat >= 0.5).astype(int)
