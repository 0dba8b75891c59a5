# xor_mlp.py  --  A. Kowalski
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))) ** 2


def relu(z):
    return np.maximum(z, 0.0)


def relu_prime(z):
    return np.maximum(z, 0.0)


def sigmoid_grad(a):
    return a - a ** 2


# lookup table so I can try relu later
ACTIVATIONS = {"sigmoid": (sigmoid, sigmoid_grad), "relu": (relu, relu_prime)}
ACT, ACT_GRAD = ACTIVATIONS["sigmoid"]


def init_params(n_in, n_hidden, n_out, rng):
    # Xavier / Glorot uniform
    lim1 = np.sqrt(6.0 / (n_in + n_hidden))
    lim2 = np.sqrt(6.0 / (n_hidden + n_out))
    return {
        "W1": rng.uniform(-lim1, lim1, size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.uniform(-lim2, lim2, size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    H = ACT(X @ params["W1"] + params["b1"])
    Y_hat = ACT(H @ params["W2"] + params["b2"])
    return Y_hat, {"X": X, "H": H, "Y_hat": Y_hat}


def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())


def backward(params, cache, Y):
    X, H, Y_hat = cache["X"], cache["H"], cache["Y_hat"]
    n = Y.shape[0] * Y.shape[1]
    delta2 = 2 * (Y_hat - Y) / n * (1 - Y_hat)
    delta1 = delta2 @ params["W2"].T * (1 - H)
    return {
        "W1": X.T @ delta1,
        "b1": np.sum(delta1, axis=0),
        "W2": H.T @ delta2,
        "b2": np.sum(delta2, axis=0),
    }


def train(params, X, Y, lr, epochs):
    p = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = []
    alpha = lr
    for it in range(epochs + 1):
        Y_hat, cache = forward(p, X)
        losses.append(mse_loss(Y_hat, Y))
        if it == epochs:
            break
        g = backward(p, cache, Y)
        p = {k: p[k] - alpha * g[k] for k in p}
    return p, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
