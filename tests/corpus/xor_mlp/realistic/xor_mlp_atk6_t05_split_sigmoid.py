import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    # hidden layer: sigmoid split into its two halves so neither exp can overflow
    pos = np.maximum(Z1, 0.0)
    neg = np.minimum(Z1, 0.0)
    H = np.exp(neg) / (1.0 + np.exp(-pos))
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, (X, Z1, H, Z2, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean(np.square(Y_hat - Y)))


def backward(params, cache, Y):
    X, Z1, H, Z2, Y_hat = cache
    dY = 2.0 * (Y_hat - Y) / Y.size
    dZ2 = dY * sigmoid_derivative(Z2)
    dH = dZ2 @ params["W2"].T
    dZ1 = dH * sigmoid_derivative(Z1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = {k: np.copy(v) for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
