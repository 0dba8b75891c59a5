import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0, -z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    one_minus = 1.0 - s
    d = s * one_minus
    d = d * one_minus
    return d


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in), "b1": np.zeros(n_hidden),
            "W2": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden), "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, (X, Z1, H, Z2, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, Z1, H, Z2, Y_hat = cache
    dY = 2 * (Y_hat - Y) / Y.size
    dZ2 = dY * sigmoid_derivative(Z2)
    dZ1 = (dZ2 @ params["W2"].T) * sigmoid_derivative(Z1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(0), "W2": H.T @ dZ2, "b2": dZ2.sum(0)}


def train(params, X, Y, lr, epochs):
    params = {k: v.astype(float).copy() for k, v in params.items()}
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
    return (Y_hat >= 0.5).astype(int)
