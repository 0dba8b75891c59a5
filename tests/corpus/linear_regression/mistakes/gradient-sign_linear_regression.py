# HW1 linear regression
# vectorised numpy; sgd reuses mse_gradients on a batch of one sample
import numpy as np


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - y) ** 2))


def mse_gradients(X, y, w, b):
    n = X.shape[0]
    error = y - predict(X, w, b)
    dw = (2.0 / n) * X.T @ error
    db = (2.0 / n) * np.sum(error)
    return dw, float(db)


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
            dw, db = mse_gradients(X[i:i + 1], y[i:i + 1], w, b)
            w = w - lr * dw
            b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.column_stack([x ** k for k in range(1, degree + 1)]).astype(float)


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[np.isclose(std, 0.0)] = 1.0
    return (X - mean) / std, mean, std
