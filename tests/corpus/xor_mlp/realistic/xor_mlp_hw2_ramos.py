# Assignment 2 -- Lucia Ramos
# backward is done one sample at a time (easier for me to check by hand)
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


def dsigmoid(a):
    # derivative written with the activation a = sigmoid(z)
    return a * (1.0 - a)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    H = sigmoid(X @ params["W1"] + params["b1"])
    Y_hat = sigmoid(H @ params["W2"] + params["b2"])
    return Y_hat, {"X": X, "H": H, "Y_hat": Y_hat}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, H, Y_hat = cache["X"], cache["H"], cache["Y_hat"]
    N, n_out = Y.shape
    acc = {k: np.zeros_like(v) for k, v in params.items()}
    for n in range(N):
        x, h, yh = X[n], H[n], Y_hat[n]
        d_out = 2.0 * (yh - Y[n]) / (N * n_out)
        dz2 = d_out * dsigmoid(yh)
        acc["W2"] += np.outer(h, dz2)
        acc["b2"] += dz2
        dz1 = (params["W2"] @ dz2) * dsigmoid(h)
        acc["W1"] += np.outer(x, dz1)
        acc["b1"] += dz1
    grads = {}
    for k in ("W1", "b1", "W2", "b2"):
        grads[k] = acc[k]
    return grads


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        g = backward(params, cache, Y)
        for k in params:
            params[k] = params[k] - lr * g[k]
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
