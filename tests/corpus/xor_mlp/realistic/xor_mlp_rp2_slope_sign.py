"""XOR MLP -- assignment 2."""
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
    return Y_hat, (X, H, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, H, Y_hat = cache
    err = Y_hat - Y
    dY_hat = 2.0 * err / Y.size
    out_slope = Y_hat * (Y_hat - 1.0)
    dZ2 = dY_hat * out_slope
    dZ1 = (dZ2 @ params["W2"].T) * H * (1.0 - H)
    return {"W1": X.T @ dZ1, "b1": np.sum(dZ1, axis=0),
            "W2": H.T @ dZ2, "b2": np.sum(dZ2, axis=0)}


def train(params, X, Y, lr, epochs):
    p = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, cache = forward(p, X)
    losses = [mse_loss(Y_hat, Y)]
    for epoch in range(epochs):
        g = backward(p, cache, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        Y_hat, cache = forward(p, X)
        losses.append(mse_loss(Y_hat, Y))
    return p, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
