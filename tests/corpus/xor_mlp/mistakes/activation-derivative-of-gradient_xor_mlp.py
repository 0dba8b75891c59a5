# XOR MLP (hw2) -- chain rule through the two sigmoid layers
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.standard_normal((n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.standard_normal((n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, {"X": X, "Z1": Z1, "H": H, "Z2": Z2}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    Y_hat = sigmoid(cache["Z2"])
    dY = 2.0 * (Y_hat - Y) / Y.size
    dZ2 = dY * sigmoid_derivative(cache["Z2"])
    grads = {"W2": cache["H"].T @ dZ2, "b2": dZ2.sum(axis=0)}
    # back through the hidden sigmoid
    dZ1 = sigmoid_derivative(dZ2 @ params["W2"].T)
    grads["W1"] = cache["X"].T @ dZ1
    grads["b1"] = dZ1.sum(axis=0)
    return grads


def train(params, X, Y, lr, epochs):
    params = {k: np.copy(v) for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for epoch in range(epochs):
        _, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
