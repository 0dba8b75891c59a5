import numpy as np

# Assignment 2, Theo Moreau


def sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -700, 700)
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * sigmoid(-z)


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["W1"] = rng.normal(0, n_in ** -0.5, (n_in, n_hidden))
    p["b1"] = np.zeros(n_hidden)
    p["W2"] = rng.normal(0, n_hidden ** -0.5, (n_hidden, n_out))
    p["b2"] = np.zeros(n_out)
    return p


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    return sigmoid(Z2), (X, Z1, H, Z2)


def mse_loss(Y_hat, Y):
    return np.mean((Y_hat - Y) ** 2).item()


def backward(params, cache, Y):
    X, Z1, H, Z2 = cache
    Yh = sigmoid(Z2)
    dZ2 = 2 * (Yh - Y) / Y.size * sigmoid_derivative(Z2)
    dZ1 = dZ2 @ params["W2"].T * sigmoid_derivative(Z1)
    out = {}
    out["W2"] = dZ2.T @ H
    if out["W2"].shape != params["W2"].shape:
        out["W2"] = out["W2"].T
    out["b2"] = dZ2.mean(axis=0)
    out["W1"] = X.T @ dZ1
    out["b1"] = dZ1.mean(axis=0)
    return out


def train(params, X, Y, lr, epochs):
    cur = {k: v.copy() for k, v in params.items()}
    losses = []
    for _ in range(epochs):
        Yh, cache = forward(cur, X)
        losses.append(mse_loss(Yh, Y))
        g = backward(cur, cache, Y)
        cur = {k: cur[k] - lr * g[k] for k in cur}
    losses.append(mse_loss(forward(cur, X)[0], Y))
    return cur, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
