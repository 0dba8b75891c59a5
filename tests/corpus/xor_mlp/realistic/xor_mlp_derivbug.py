"""Assignment 2 - XOR MLP
Name: Jamie Student
I did backprop one sample at a time because it's easier to follow the math.
"""
import numpy as np
import math


def sigmoid(z):
    z = np.array(z, dtype=np.float64)
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.standard_normal((n_in, n_hidden)) / math.sqrt(n_in)
    W2 = rng.standard_normal((n_hidden, n_out)) / math.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, {"X": X, "Z1": Z1, "H": H, "Z2": Z2}


def mse_loss(Y_hat, Y):
    total = 0.0
    for i in range(Y.shape[0]):
        for k in range(Y.shape[1]):
            total += (Y_hat[i, k] - Y[i, k]) ** 2
    return total / Y.size


def backward(params, cache, Y):
    X, Z1, H, Z2 = cache["X"], cache["Z1"], cache["H"], cache["Z2"]
    N, n_out = Y.shape
    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    for n in range(N):
        x = X[n]          # (n_in,)
        h = H[n]          # (n_hidden,)
        y_hat = sigmoid(Z2[n])
        dy = 2 * (y_hat - Y[n]) / (N * n_out)
        dz2 = dy * sigmoid_derivative(Z2[n])          # (n_out,)
        grads["W2"] += np.outer(h, dz2)
        grads["b2"] += dz2
        dh = params["W2"] @ dz2                       # (n_hidden,)
        dz1 = dh * sigmoid_derivative(H[n])
        grads["W1"] += np.outer(x, dz1)
        grads["b1"] += dz1
    return grads


def train(params, X, Y, lr, epochs):
    p = dict(params)
    losses = [mse_loss(forward(p, X)[0], Y)]
    for epoch in range(epochs):
        Y_hat, cache = forward(p, X)
        g = backward(p, cache, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        losses.append(mse_loss(forward(p, X)[0], Y))
        if epoch % 100 == 0:
            print("epoch", epoch, "loss", losses[-1])
    return p, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    preds = np.zeros(Y_hat.shape, dtype=int)
    for i in range(Y_hat.shape[0]):
        for j in range(Y_hat.shape[1]):
            preds[i, j] = 1 if Y_hat[i, j] >= 0.5 else 0
    return preds


