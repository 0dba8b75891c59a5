import numpy as np


def sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -500.0, 500.0)
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    params = {}
    params["W1"] = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    params["b1"] = np.zeros(n_hidden)
    params["W2"] = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    params["b2"] = np.zeros(n_out)
    return params


def forward(params, X):
    Z1 = np.dot(X, params["W1"]) + params["b1"]
    H = sigmoid(Z1)
    Z2 = np.dot(H, params["W2"]) + params["b2"]
    Y_hat = Z2
    cache = {"X": X, "Z1": Z1, "H": H, "Z2": Z2}
    return Y_hat, cache


def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())


def backward(params, cache, Y):
    X, Z1, H, Z2 = cache["X"], cache["Z1"], cache["H"], cache["Z2"]
    Y_hat = sigmoid(Z2)
    dY_hat = 2 * (Y_hat - Y) / Y.size
    dZ2 = dY_hat * sigmoid_derivative(Z2)
    dZ1 = np.dot(dZ2, params["W2"].T) * sigmoid_derivative(Z1)
    return {
        "W1": np.dot(X.T, dZ1),
        "b1": np.sum(dZ1, axis=0),
        "W2": np.dot(H.T, dZ2),
        "b2": np.sum(dZ2, axis=0),
    }


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    losses = []
    for epoch in range(epochs + 1):
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
        if epoch == epochs:
            break
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return np.where(Y_hat >= 0.5, 1, 0)
