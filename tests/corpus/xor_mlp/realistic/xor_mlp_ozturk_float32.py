"""
Assignment 2 - XOR MLP
Deniz Ozturk

Everything in float32 (single precision is enough for XOR).
Backward goes through the batch one row at a time.
"""
import numpy as np

F = np.float32


def sigmoid(z):
    z = np.asarray(z, dtype=F)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, F(1) / (F(1) + e), e / (F(1) + e)).astype(F)


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (F(1) - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = (rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)).astype(F)
    W2 = (rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)).astype(F)
    return {"W1": W1, "b1": np.zeros(n_hidden, F), "W2": W2, "b2": np.zeros(n_out, F)}


def forward(params, X):
    X = np.asarray(X, dtype=F)
    Z1 = X @ params["W1"].astype(F) + params["b1"].astype(F)
    H = sigmoid(Z1)
    Z2 = H @ params["W2"].astype(F) + params["b2"].astype(F)
    Y_hat = sigmoid(Z2)
    return Y_hat, (X, Z1, H, Z2, Y_hat)


def mse_loss(Y_hat, Y):
    diff = np.asarray(Y_hat, F) - np.asarray(Y, F)
    return float(np.mean(diff * diff))


def backward(params, cache, Y):
    X, Z1, H, Z2, Y_hat = cache
    Y = np.asarray(Y, dtype=F)
    W2 = params["W2"].astype(F)
    N, n_out = Y.shape
    scale = F(2.0 / (N * n_out))

    dW1 = np.zeros(params["W1"].shape, F)
    db1 = np.zeros(params["b1"].shape, F)
    dW2 = np.zeros(params["W2"].shape, F)
    db2 = np.zeros(params["b2"].shape, F)
    for i in range(N):
        dz2 = scale * (Y_hat[i] - Y[i]) * sigmoid_derivative(Z2[i])   # (n_out,)
        dW2 += np.outer(H[i], dz2)
        db2 += dz2
        dz1 = (W2 @ dz2) * sigmoid_derivative(Z1[i])                  # (n_hidden,)
        dW1 = np.outer(X[i], dz1)
        db1 += dz1
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    p = {k: np.array(v, dtype=F) for k, v in params.items()}
    lr = F(lr)
    losses = [mse_loss(forward(p, X)[0], Y)]
    for epoch in range(epochs):
        _, cache = forward(p, X)
        g = backward(p, cache, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        losses.append(mse_loss(forward(p, X)[0], Y))
    return p, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(np.int32)
