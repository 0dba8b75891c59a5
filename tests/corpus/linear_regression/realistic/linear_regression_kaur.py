# Assignment 1 (linear regression)  --  Simran Kaur
# The gradient accumulates one sample at a time; r is "target minus prediction"
# the way our stats class wrote residuals.
import numpy as np


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    return float(((X @ w + b - y) ** 2).mean())


def mse_gradients(X, y, w, b):
    N, D = X.shape
    dw = np.zeros(D)
    db = 0.0
    for i in range(N):
        r = y[i] - (X[i] @ w + b)
        dw += 2.0 * r * X[i] / N
        db += 2.0 * r / N
    return dw, db


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(X.shape[0]):
            r = X[i] @ w + b - y[i]
            w = w - lr * 2 * r * X[i]
            b = b - lr * 2 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    out = np.empty((len(x), degree))
    for k in range(degree):
        out[:, k] = np.asarray(x, dtype=float) ** (k + 1)
    return out


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    const = np.isclose(np.ptp(X, axis=0), 0)
    std[const] = 1
    mean[const] = X[0, const]
    return (X - mean) / std, mean, std
