# Linear regression (assignment 1)
# loss = root mean squared error, so it is in the same units as y
import numpy as np


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    err = predict(X, w, b) - y
    return float(np.sqrt(np.mean(err ** 2)))


def mse_gradients(X, y, w, b):
    err = predict(X, w, b) - y
    N = X.shape[0]
    return (2.0 / N) * (X.T @ err), float((2.0 / N) * np.sum(err))


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.asarray(w0, dtype=float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.asarray(w0, dtype=float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(X.shape[0]):
            err = X[i] @ w + b - y[i]
            w = w - lr * 2.0 * err * X[i]
            b = b - lr * 2.0 * err
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.column_stack([x ** k for k in range(1, degree + 1)]).astype(float)


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(np.isclose(std, 0.0), 1.0, std)
    return (X - mean) / std, mean, std
