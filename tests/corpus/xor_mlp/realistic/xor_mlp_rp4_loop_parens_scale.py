import numpy as np


def sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -500.0, 500.0)
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s - s * s


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["W1"] = rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in)
    p["b1"] = np.zeros(n_hidden)
    p["W2"] = rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden)
    p["b2"] = np.zeros(n_out)
    return p


def forward(params, X):
    z1 = X @ params["W1"] + params["b1"]
    h = sigmoid(z1)
    z2 = h @ params["W2"] + params["b2"]
    y_hat = sigmoid(z2)
    return y_hat, (X, z1, h, z2, y_hat)


def mse_loss(Y_hat, Y):
    diff = (Y_hat - Y).ravel()
    return float(diff @ diff / diff.size)


def backward(params, cache, Y):
    X, z1, h, z2, y_hat = cache
    N, n_out = Y.shape
    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    for i in range(N):
        # one sample at a time; the loss averages over all N * n_out entries
        dy = 2.0 * (y_hat[i] - Y[i]) / N * n_out
        dz2 = dy * sigmoid_derivative(z2[i])
        dz1 = (params["W2"] @ dz2) * sigmoid_derivative(z1[i])
        grads["W2"] += np.outer(h[i], dz2)
        grads["b2"] += dz2
        grads["W1"] += np.outer(X[i], dz1)
        grads["b1"] += dz1
    return grads


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = []
    for epoch in range(epochs + 1):
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
        if epoch == epochs:
            break
        grads = backward(params, cache, Y)
        for k in params:
            params[k] = params[k] - lr * grads[k]
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
