# Assignment 1 -- linear regression
import numpy as np


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    residual = predict(X, w, b) - y
    return float(np.mean(residual ** 2))


def mse_gradients(X, y, w, b):
    residual = predict(X, w, b) - y
    n = len(y)
    dw = 2 * X.T @ residual / n
    db = 2 * residual.sum() / n
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    if w0 is None:
        w0 = np.zeros(X.shape[1])
    w = w0
    b = b0
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w -= lr * dw
        b -= lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.copy()
    b = b0
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        for i in rng.permutation(len(y)):
            residual = X[i] @ w + b - y[i]
            w = w - lr * 2 * residual * X[i]
            b = b - lr * 2 * residual
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.array([x ** p for p in range(1, degree + 1)], dtype=float).T


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std < 1e-12, 1.0, std)
    return (X - mean) / std, mean, std
