# Homework 2: XOR MLP
# sigmoid'(x) = x * (1 - x)
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + ez), ez / (1.0 + ez))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(scale=np.sqrt(2.0 / (n_in + n_hidden)), size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(scale=np.sqrt(2.0 / (n_hidden + n_out)), size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    z1 = X @ params["W1"] + params["b1"]
    a1 = sigmoid(z1)
    z2 = a1 @ params["W2"] + params["b2"]
    a2 = sigmoid(z2)
    return a2, {"x": X, "z1": z1, "a1": a1, "z2": z2, "a2": a2}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    x, z1, a1, z2, a2 = cache["x"], cache["z1"], cache["a1"], cache["z2"], cache["a2"]
    da2 = 2.0 * (a2 - Y) / Y.size
    dz2 = da2 * z2 * (1.0 - z2)
    da1 = dz2 @ params["W2"].T
    dz1 = da1 * z1 * (1.0 - z1)
    return {
        "W1": x.T @ dz1,
        "b1": dz1.sum(axis=0),
        "W2": a1.T @ dz2,
        "b2": dz2.sum(axis=0),
    }


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for _ in range(epochs):
        _, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    a2, _ = forward(params, X)
    return (a2 >= 0.5).astype(int)
