"""Linear regression with small helpers."""
import numpy as np


def residual(pred, target):
    return np.subtract(pred, target)


def step(value, grad, lr):
    return value - lr * grad


def predict(X, w, b):
    return np.dot(X, w) + b


def mse_loss(X, y, w, b):
    return float(np.mean(np.square(residual(predict(X, w, b), y))))


def mse_gradients(X, y, w, b):
    r = residual(predict(X, w, b), y)
    dw = 2.0 * np.mean(X * r[:, None], axis=0)
    db = 2.0 * float(np.mean(r))
    return dw, db


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.asarray(w0, dtype=float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w, b = step(w, dw, lr), step(b, db, lr)
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.asarray(w0, dtype=float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            r = residual(X[i] @ w + b, y[i])
            w, b = step(w, 2.0 * r * X[i], lr), step(b, 2.0 * r, lr)
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    cols = [np.ones_like(x)]
    for _ in range(degree):
        cols.append(cols[-1] * x)
    return np.column_stack(cols[1:])


def standardize(X):
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    flat = X.max(axis=0) == X.min(axis=0)
    sd[flat] = 1.0
    mu[flat] = X[0, flat]
    return (X - mu) / sd, mu, sd
