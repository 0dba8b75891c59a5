# XOR MLP
# Training on XOR takes thousands of epochs with a small step, so I use a big one.
import numpy as np

ETA = 500.0


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.normal(size=(n_in, n_hidden)), "b1": np.zeros(n_hidden),
            "W2": rng.normal(size=(n_hidden, n_out)), "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = sigmoid(Z2)
    return A2, (X, Z1, A1, Z2, A2)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, Z1, A1, Z2, A2 = cache
    dZ2 = 2 * (A2 - Y) / Y.size * A2 * (1 - A2)
    dZ1 = dZ2 @ params["W2"].T * A1 * (1 - A1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    p = {k: v.copy() for k, v in params.items()}
    losses = [mse_loss(forward(p, X)[0], Y)]
    for _ in range(epochs):
        _, cache = forward(p, X)
        g = backward(p, cache, Y)
        p = {k: p[k] - ETA * g[k] for k in p}
        losses.append(mse_loss(forward(p, X)[0], Y))
    return p, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
