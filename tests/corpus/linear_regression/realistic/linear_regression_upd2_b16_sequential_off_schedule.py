"""Linear regression by gradient descent (homework 1)."""

import numpy as np

DECAY = 0.0   # inverse-sqrt schedule, off for the submission


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    r = predict(X, w, b) - y
    return float(np.mean(r ** 2))


def mse_gradients(X, y, w, b):
    N = X.shape[0]
    r = predict(X, w, b) - y
    dw = 2.0 * X.T @ r / N
    db = 2.0 * np.sum(r) / N
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    t = 0
    for _ in range(epochs):
        t += 1
        lr_t = lr / np.sqrt(1.0 + DECAY * t)
        dw, _ = mse_gradients(X, y, w, b)
        w = w - lr_t * dw
        _, db = mse_gradients(X, y, w, b)
        b = b - lr_t * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            r_i = X[i] @ w + b - y[i]
            w = w - lr * 2.0 * r_i * X[i]
            b = b - lr * 2.0 * r_i
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.column_stack([x ** k for k in range(1, degree + 1)])


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    const = np.ptp(X, axis=0) == 0
    std[const] = 1.0
    mean[const] = X[0, const]
    return (X - mean) / std, mean, std
