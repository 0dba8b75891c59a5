import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


ACTIVATION = {"hidden": sigmoid, "output": sigmoid}
DERIVATIVE = {"hidden": sigmoid_derivative, "output": sigmoid_derivative}


def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p["W1"] = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    p["b1"] = np.zeros(n_hidden)
    p["W2"] = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    p["b2"] = np.zeros(n_out)
    return p


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = ACTIVATION["hidden"](Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = ACTIVATION["output"](Z2)
    return Y_hat, {"X": X, "Z1": Z1, "H": H, "Z2": Z2, "Y_hat": Y_hat}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    dY = 2.0 * (cache["Y_hat"] - Y) / Y.size
    dZ2 = dY * DERIVATIVE["output"](cache["Z2"])
    dZ1 = (dZ2 @ params["W2"].T) * DERIVATIVE["hidden"](cache["Z1"])
    return {"W1": cache["X"].T @ dZ1, "b1": dZ1.sum(axis=0),
            "W2": cache["H"].T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
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
    return np.where(Y_hat >= 0.5, 1, 0)
