"""XOR MLP - homework 2."""
import numpy as np


def sigmoid(z):
    # no clipping needed: exp(-z) -> inf for very negative z gives exactly 0
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    W2 = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    b1 = params["b1"].reshape(1, -1)     # row vectors broadcast over the batch
    b2 = params["b2"].reshape(1, -1)
    H = sigmoid(X @ params["W1"] + b1)
    Y_hat = sigmoid(H @ params["W2"] + b2)
    return Y_hat, (X, H, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, H, Y_hat = cache
    dY = 2 * (Y_hat - Y) / Y.size
    dZ2 = dY * Y_hat * (1 - Y_hat)
    dZ1 = (dZ2 @ params["W2"].T) * H * (1 - H)
    db1 = dZ1.sum(axis=0, keepdims=True)
    db2 = dZ2.sum(axis=0, keepdims=True)
    return {"W1": X.T @ dZ1, "b1": db1.reshape(np.shape(params["b1"])),
            "W2": H.T @ dZ2, "b2": db2.reshape(np.shape(params["b2"]))}


def train(params, X, Y, lr, epochs):
    p = {k: np.array(v, dtype=float) for k, v in params.items()}
    p["b1"] = p["b1"].reshape(1, -1)
    p["b2"] = p["b2"].reshape(1, -1)
    Y_hat, cache = forward(p, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        g = backward(p, cache, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        Y_hat, cache = forward(p, X)
        losses.append(mse_loss(Y_hat, Y))
    return p, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat > 0.5).astype(int)
