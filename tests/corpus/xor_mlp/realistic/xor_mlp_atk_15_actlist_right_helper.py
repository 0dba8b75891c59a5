import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    one_minus = 1.0 - s
    prod = s * one_minus
    return prod


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "b2": np.zeros(n_out),
    }


LAYERS = [("W1", "b1", [sigmoid]), ("W2", "b2", [sigmoid, sigmoid])]


def forward(params, X):
    cache = {"X": X}
    A = X
    for (w, b, fns), tag in zip(LAYERS, ("H", "Y_hat")):
        Z = A @ params[w] + params[b]
        cache["Z" + w[1]] = Z
        for f in fns:
            Z = f(Z)
        A = cache[tag] = Z
    return A, cache


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, Z1, H, Y_hat = cache["X"], cache["Z1"], cache["H"], cache["Y_hat"]
    dY = 2.0 * (Y_hat - Y) / Y.size
    dZ2 = dY * Y_hat * (1.0 - Y_hat)
    dH = dZ2 @ params["W2"].T
    dZ1 = dH * sigmoid_derivative(Z1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
