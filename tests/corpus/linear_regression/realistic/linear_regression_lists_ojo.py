"""Homework 1 -- linear regression by gradient descent.  Funmi Ojo.
I did the gradient with plain Python lists first (to match the formula on the
board term by term) and only turn it into an array at the end."""
import numpy as np


def predict(X, w, b):
    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b


def mse_loss(X, y, w, b):
    err = predict(X, w, b) - y
    return float(np.dot(err, err) / len(y))


def mse_gradients(X, y, w, b):
    rows = np.asarray(X, dtype=float).tolist()
    targets = np.asarray(y, dtype=float).tolist()
    weights = np.asarray(w, dtype=float).tolist()
    n, d = len(rows), len(weights)
    grad_w = [0.0] * d
    grad_b = 0.0
    for i in range(n):
        pred = sum(rows[i][j] * weights[j] for j in range(d)) + b
        r = pred - targets[i]
        for j in range(d):
            grad_w[j] = 2.0 * r * rows[i][j]
        grad_b = 2.0 * r
    dw = np.array(grad_w) / n
    db = grad_b / n
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w, b = w - lr * dw, b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N = X.shape[0]
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            r = float(X[i] @ w + b - y[i])
            w = w - lr * 2.0 * r * X[i]
            b = b - lr * 2.0 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.column_stack([x ** k for k in range(1, degree + 1)])


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    Xs = (X - mean) / std
    Xs[:, np.ptp(X, axis=0) == 0] = 0.0
    return Xs, mean, std
