"""XOR network, 2 sigmoid layers, trained on MSE.
I use a tiny `margin(a, b)` helper for "how far a is above b"."""
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
    return s * (1.0 - s)


def margin(a, b):
    """How far a lies above b, elementwise."""
    return a - b


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            "b1": np.zeros(n_hidden),
            "W2": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            "b2": np.zeros(n_out)}


def forward(params, X):
    H = sigmoid(X @ params["W1"] + params["b1"])
    Y_hat = sigmoid(H @ params["W2"] + params["b2"])
    return Y_hat, (X, H, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean(margin(Y_hat, Y) ** 2))


def backward(params, cache, Y):
    X, H, Y_hat = cache
    dY = 2.0 * margin(Y, Y_hat) / Y.size
    d2 = dY * Y_hat * (1.0 - Y_hat)
    dH = d2 @ params["W2"].T
    d1 = dH * H * (1.0 - H)
    return {"W1": X.T @ d1, "b1": d1.sum(axis=0), "W2": H.T @ d2, "b2": d2.sum(axis=0)}


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
    Y_hat, _ = forward(params, X)
    return (margin(Y_hat, 0.5) >= 0).astype(int)
