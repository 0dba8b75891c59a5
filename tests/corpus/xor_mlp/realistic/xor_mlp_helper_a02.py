"""Assignment 2 - XOR network. Student: R. Alvarez"""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # stable: only ever exp of a non-positive number
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 - e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, {"X": X, "Z1": Z1, "H": H, "Z2": Z2}


def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())


def backward(params, cache, Y):
    X, Z1, H, Z2 = cache["X"], cache["Z1"], cache["H"], cache["Z2"]
    Y_hat = sigmoid(Z2)
    dY_hat = 2 * (Y_hat - Y) / Y.size
    dZ2 = dY_hat * sigmoid_derivative(Z2)
    dZ1 = (dZ2 @ params["W2"].T) * sigmoid_derivative(Z1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(0), "W2": H.T @ dZ2, "b2": dZ2.sum(0)}


def train(params, X, Y, lr, epochs):
    p = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = [mse_loss(forward(p, X)[0], Y)]
    for epoch in range(epochs):
        _, cache = forward(p, X)
        g = backward(p, cache, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        losses.append(mse_loss(forward(p, X)[0], Y))
    return p, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
