"""Linear regression by gradient descent (lab 1) - E. Varga"""
import numpy as np


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    r = predict(X, w, b) - y
    return float(np.mean(r ** 2))


def mse_gradients(X, y, w, b):
    N = len(y)
    r = predict(X, w, b) - y
    dw = 2.0 * (X.T @ r) / N
    db = 2.0 * float(np.sum(r)) / N
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
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            r = X[i] @ w + b - y[i]
            w = w - lr * 2.0 * r * X[i]
            b = b - lr * 2.0 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.stack([x ** k for k in range(1, degree + 1)], axis=1)


def standardize(X):
    X = np.asarray(X, dtype=float)
    N = len(X)
    mean = X.mean(axis=0)
    # sample standard deviation of every column
    std = np.sqrt(np.sum((X - mean) ** 2, axis=0) / (N - 1))
    std = np.where(std == 0, 1.0, std)
    return (X - mean) / std, mean, std
