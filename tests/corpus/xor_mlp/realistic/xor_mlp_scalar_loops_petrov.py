"""Assignment 2 (XOR MLP) -- Anya Petrov.

I wrote the backward pass with plain loops over samples and units, so I can
check every term against my hand derivation.  Only forward uses NumPy matrix
products.
"""
import math
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def _sig(v):
    # scalar logistic, stable for both signs
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def _dsig(v):
    s = _sig(v)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.standard_normal((n_in, n_hidden)) * (1.0 / math.sqrt(n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.standard_normal((n_hidden, n_out)) * (1.0 / math.sqrt(n_hidden)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, (X, Z1, H, Z2, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, Z1, H, Z2, Y_hat = cache
    W2 = params["W2"]
    N, n_in = X.shape
    n_hidden, n_out = W2.shape
    count = N * n_out
    gW1 = [[0.0] * n_hidden for _ in range(n_in)]
    gb1 = [0.0] * n_hidden
    gW2 = [[0.0] * n_out for _ in range(n_hidden)]
    gb2 = [0.0] * n_out
    for n in range(N):
        d2 = [0.0] * n_out
        for k in range(n_out):
            err = 2.0 * (Y_hat[n, k] - Y[n, k]) / count
            d2[k] = err * _dsig(Y_hat[n, k])
            gb2[k] += d2[k]
            for j in range(n_hidden):
                gW2[j][k] += H[n, j] * d2[k]
        for j in range(n_hidden):
            back = sum(W2[j, k] * d2[k] for k in range(n_out))
            d1 = back * _dsig(Z1[n, j])
            gb1[j] += d1
            for i in range(n_in):
                gW1[i][j] += X[n, i] * d1
    grads = {"W1": np.array(gW1), "b1": np.array(gb1), "W2": np.array(gW2), "b2": np.array(gb2)}
    return grads


def train(params, X, Y, lr, epochs):
    cur = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, cache = forward(cur, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(cur, cache, Y)
        cur = {k: cur[k] - lr * grads[k] for k in cur}
        Y_hat, cache = forward(cur, X)
        losses.append(mse_loss(Y_hat, Y))
    return cur, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
