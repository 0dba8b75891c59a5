"""XOR MLP -- homework 2.

forward -> backward -> gradient step, repeated for `epochs` epochs.
"""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    res = np.empty(z.shape)
    p = z >= 0
    res[p] = 1.0 / (1.0 + np.exp(-z[p]))
    q = np.exp(z[~p])
    res[~p] = q / (1.0 + q)
    return res


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(0, 1, size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0, 1, size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, {"X": X, "Z1": Z1, "H": H, "Z2": Z2, "Y_hat": Y_hat}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    dZ2 = 2 * (cache["Y_hat"] - Y) / Y.size * sigmoid_derivative(cache["Z2"])
    dZ1 = (dZ2 @ params["W2"].T) * sigmoid_derivative(cache["Z1"])
    return {
        "W1": cache["X"].T @ dZ1,
        "b1": dZ1.sum(axis=0),
        "W2": cache["H"].T @ dZ2,
        "b2": dZ2.sum(axis=0),
    }


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for epoch in range(epochs):
        Y_hat, cache = forward(params, X)
        grads = backward(params, cache, Y)
        # take a step of size lr along the gradient
        for k in params:
            params[k] += lr * grads[k]
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
