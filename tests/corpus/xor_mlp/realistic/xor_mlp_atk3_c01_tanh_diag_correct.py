# XOR network -- also records what a tanh hidden layer would give (question 3 of the handout)
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in), "b1": np.zeros(n_hidden),
            "W2": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden), "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H_tanh = np.tanh(Z1)                    # for the comparison only
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_relu = np.maximum(Z2, 0)              # for the comparison only
    Y_hat = sigmoid(Z2)
    return Y_hat, {"X": X, "H": H, "Y_hat": Y_hat, "H_tanh": H_tanh, "Y_relu": Y_relu}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, H, Y_hat = cache["X"], cache["H"], cache["Y_hat"]
    dZ2 = 2 * (Y_hat - Y) / Y.size * (Y_hat * (1 - Y_hat))
    dZ1 = (dZ2 @ params["W2"].T) * (H * (1 - H))
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
