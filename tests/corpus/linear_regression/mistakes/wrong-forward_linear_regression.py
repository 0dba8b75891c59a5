# HW1: linear regression with gradient descent
import numpy as np


def predict(X, w, b):
    # y_hat = X w
    return X @ w


def mse_loss(X, y, w, b):
    r = X @ w + b - y
    return float(np.mean(r ** 2))


def mse_gradients(X, y, w, b):
    r = X @ w + b - y
    n = X.shape[0]
    return 2 * (X.T @ r) / n, float(2 * r.sum() / n)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1], dtype=float) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for t in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1], dtype=float) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    N = X.shape[0]
    losses = [mse_loss(X, y, w, b)]
    for t in range(epochs):
        for i in rng.permutation(N):
            r = X[i] @ w + b - y[i]
            w = w - lr * 2 * r * X[i]
            b = b - lr * 2 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.column_stack([x ** d for d in range(1, degree + 1)]).astype(float)


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[np.ptp(X, axis=0) == 0] = 1.0
    return (X - mean) / std, mean, std
