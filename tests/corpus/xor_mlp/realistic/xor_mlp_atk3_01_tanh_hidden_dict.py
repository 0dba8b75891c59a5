# HW2 - XOR network
# Name: R. Okonkwo
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
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    cache = {"X": X}
    cache["Z1"] = X.dot(params["W1"]) + params["b1"]
    cache["H"] = np.tanh(cache["Z1"])
    cache["Z2"] = cache["H"].dot(params["W2"]) + params["b2"]
    cache["Y_hat"] = sigmoid(cache["Z2"])
    return cache["Y_hat"], cache


def mse_loss(Y_hat, Y):
    return float(np.mean(np.square(Y_hat - Y)))


def backward(params, cache, Y):
    N, n_out = Y.shape
    dY = 2.0 * (cache["Y_hat"] - Y) / (N * n_out)
    dZ2 = dY * sigmoid_derivative(cache["Z2"])
    dH = dZ2.dot(params["W2"].T)
    dZ1 = dH * sigmoid_derivative(cache["Z1"])
    return {
        "W1": cache["X"].T.dot(dZ1),
        "b1": np.sum(dZ1, axis=0),
        "W2": cache["H"].T.dot(dZ2),
        "b2": np.sum(dZ2, axis=0),
    }


def train(params, X, Y, lr, epochs):
    p = {k: v.copy() for k, v in params.items()}
    Y_hat, cache = forward(p, X)
    losses = [mse_loss(Y_hat, Y)]
    for epoch in range(epochs):
        g = backward(p, cache, Y)
        for k in p:
            p[k] = p[k] - lr * g[k]
        Y_hat, cache = forward(p, X)
        losses.append(mse_loss(Y_hat, Y))
    return p, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return np.where(Y_hat >= 0.5, 1, 0)
