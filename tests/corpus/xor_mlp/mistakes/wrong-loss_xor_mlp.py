# XOR MLP -- assignment 2
# loss = total squared error over the 4 XOR patterns
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.normal(0, 1, (n_in, n_hidden)), "b1": np.zeros(n_hidden),
            "W2": rng.normal(0, 1, (n_hidden, n_out)), "b2": np.zeros(n_out)}


def forward(params, X):
    z1 = X @ params["W1"] + params["b1"]
    a1 = sigmoid(z1)
    z2 = a1 @ params["W2"] + params["b2"]
    a2 = sigmoid(z2)
    return a2, (X, z1, a1, z2, a2)


def mse_loss(Y_hat, Y):
    return float(np.sum((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, z1, a1, z2, a2 = cache
    dz2 = 2 * (a2 - Y) / Y.size * a2 * (1 - a2)
    dz1 = (dz2 @ params["W2"].T) * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": a1.T @ dz2, "b2": dz2.sum(0)}


def train(params, X, Y, lr, epochs):
    p = {k: v.copy() for k, v in params.items()}
    losses = [mse_loss(forward(p, X)[0], Y)]
    for _ in range(epochs):
        _, cache = forward(p, X)
        g = backward(p, cache, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        losses.append(mse_loss(forward(p, X)[0], Y))
    return p, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
