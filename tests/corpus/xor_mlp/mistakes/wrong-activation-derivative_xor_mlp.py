# XOR MLP, homework 2
# sigmoid(z) = 1 / (1 + e^-z)
# derivative by the chain rule: d/dz (1 + e^-z)^-1 = e^-z / (1 + e^-z)
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    big = z >= 0
    out[big] = 1.0 / (1.0 + np.exp(-z[big]))
    ez = np.exp(z[~big])
    out[~big] = ez / (1.0 + ez)
    return out


def sigmoid_derivative(z):
    e = np.exp(-np.clip(z, -500, 500))
    return e / (1.0 + e)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(0, 1, (n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0, 1, (n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


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
    dA2 = 2 * (A2 - Y) / Y.size
    dZ2 = dA2 * sigmoid_derivative(Z2)
    dZ1 = (dZ2 @ params["W2"].T) * sigmoid_derivative(Z1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(0), "W2": A1.T @ dZ2, "b2": dZ2.sum(0)}


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for _ in range(epochs):
        _, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
