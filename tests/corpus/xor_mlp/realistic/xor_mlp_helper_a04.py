import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    # derivative of the activation at the pre-activation z
    s = np.tanh(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in)
    W2 = rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = sigmoid(Z2)
    return A2, (X, Z1, A1, Z2, A2)


def mse_loss(Y_hat, Y):
    return float(np.mean(np.square(Y_hat - Y)))


def backward(params, cache, Y):
    X, Z1, A1, Z2, A2 = cache
    dA2 = 2.0 * (A2 - Y) / Y.size
    dZ2 = dA2 * A2 * (1.0 - A2)
    dA1 = dZ2 @ params["W2"].T
    dZ1 = dA1 * A1 * (1.0 - A1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for _ in range(epochs):
        _, cache = forward(params, X)
        grads = backward(params, cache, Y)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
