# XOR MLP, homework 2
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.zeros(z.shape)
    mask = z >= 0
    out[mask] = 1 / (1 + np.exp(-z[mask]))
    ez = np.exp(z[~mask])
    out[~mask] = ez / (1 + ez)
    return out


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.normal(0, 1, size=(n_in, n_hidden))
    W2 = rng.normal(0, 1, size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    W1, b1, W2 = params["W1"], params["b1"], params["W2"]
    Z1 = X @ W1 + b1
    H = sigmoid(Z1)
    Z2 = H @ W2
    Y_hat = sigmoid(Z2)
    cache = {"X": X, "Z1": Z1, "H": H, "Z2": Z2, "Y_hat": Y_hat}
    return Y_hat, cache


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    Y_hat = cache["Y_hat"]
    dZ2 = 2 * (Y_hat - Y) / Y.size * sigmoid_derivative(cache["Z2"])
    dW2 = cache["H"].T @ dZ2
    db2 = dZ2.sum(axis=0)
    dZ1 = (dZ2 @ params["W2"].T) * sigmoid_derivative(cache["Z1"])
    dW1 = cache["X"].T @ dZ1
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
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
