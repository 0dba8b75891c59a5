import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * z))     # same as 1/(1+e^-z), no overflow


def sigmoid_derivative(z):
    # d/dz (1+e^-z)^-1 = e^-z / (1+e^-z)^2
    z = np.clip(z, -500, 500)
    return np.exp(-z) / (1 + np.exp(z)) ** 2


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(0, 1, (n_in, n_hidden)) / np.sqrt(n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0, 1, (n_hidden, n_out)) / np.sqrt(n_hidden),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, (X, Z1, H, Z2)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, Z1, H, Z2 = cache
    Y_hat = sigmoid(Z2)
    dY = 2 * (Y_hat - Y) / Y.size
    dZ2 = dY * sigmoid_derivative(Z2)
    dH = dZ2 @ params["W2"].T
    dZ1 = dH * sigmoid_derivative(Z1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = {k: np.copy(v) for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for ep in range(epochs):
        _, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
