# HW2 - XOR network
# I wrote a small "dense" helper so I can switch activations while experimenting.
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


ACTIVATIONS = {
    "sigmoid": sigmoid,
    "tanh": np.tanh,
    "identity": lambda z: z,
}


def dense(x, W, b, activation):
    z = x @ W + b
    return z, ACTIVATIONS[activation](z)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    z1, h = dense(X, params["W1"], params["b1"], "sigmoid")
    z2, y_hat = dense(h, params["W2"], params["b2"], "identity")
    cache = {"X": X, "z1": z1, "h": h, "z2": z2}
    return y_hat, cache


def mse_loss(Y_hat, Y):
    diff = Y_hat - Y
    return float(np.sum(diff * diff) / diff.size)


def backward(params, cache, Y):
    X, z1, h, z2 = cache["X"], cache["z1"], cache["h"], cache["z2"]
    out = sigmoid(z2)
    n = Y.shape[0] * Y.shape[1]
    d_out = 2.0 * (out - Y) / n
    d_z2 = d_out * sigmoid_derivative(z2)
    d_h = d_z2 @ params["W2"].T
    d_z1 = d_h * sigmoid_derivative(z1)
    grads = {}
    grads["W2"] = h.T @ d_z2
    grads["b2"] = np.sum(d_z2, axis=0)
    grads["W1"] = X.T @ d_z1
    grads["b1"] = np.sum(d_z1, axis=0)
    return grads


def train(params, X, Y, lr, epochs):
    p = {name: value.copy() for name, value in params.items()}
    y_hat, cache = forward(p, X)
    losses = [mse_loss(y_hat, Y)]
    for epoch in range(epochs):
        g = backward(p, cache, Y)
        for name in p:
            p[name] = p[name] - lr * g[name]
        y_hat, cache = forward(p, X)
        losses.append(mse_loss(y_hat, Y))
        # if epoch % 100 == 0: print(epoch, losses[-1])
    return p, losses


def predict(params, X):
    y_hat, _ = forward(params, X)
    return (y_hat >= 0.5).astype(int)
