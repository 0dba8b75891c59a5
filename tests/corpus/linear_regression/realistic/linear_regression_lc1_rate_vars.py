# HW1 linear regression  -- Marco Bellini
import numpy as np

LR_FLOOR = 0.0   # lower bound for the step (unused = 0)


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    r = predict(X, w, b) - y
    return float(np.mean(r ** 2))


def mse_gradients(X, y, w, b):
    n = X.shape[0]
    r = predict(X, w, b) - y
    return 2.0 / n * (X.T @ r), float(2.0 / n * np.sum(r))


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    alpha = max(lr, LR_FLOOR)
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - alpha * dw
        b = b - alpha * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        for i in rng.permutation(X.shape[0]):
            step = lr
            err = X[i] @ w + b - y[i]
            w = w - step * 2.0 * err * X[i]
            b = b - step * 2.0 * err
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.stack([x ** k for k in range(1, degree + 1)], axis=1)


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X - mean) / std, mean, std
