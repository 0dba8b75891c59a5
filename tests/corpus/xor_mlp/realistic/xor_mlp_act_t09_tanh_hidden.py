import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = np.tanh(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, {"X": X, "H": H, "Y_hat": Y_hat}


def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())


def backward(params, cache, Y):
    X, H, Y_hat = cache["X"], cache["H"], cache["Y_hat"]
    dY = 2.0 * (Y_hat - Y) / Y.size
    dZ2 = dY * Y_hat * (1.0 - Y_hat)
    dH = dZ2 @ params["W2"].T
    dZ1 = dH * H * (1.0 - H)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(0), "W2": H.T @ dZ2, "b2": dZ2.sum(0)}


def train(params, X, Y, lr, epochs):
    p = {k: v.copy() for k, v in params.items()}
    Y_hat, cache = forward(p, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        g = backward(p, cache, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        Y_hat, cache = forward(p, X)
        losses.append(mse_loss(Y_hat, Y))
    return p, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
