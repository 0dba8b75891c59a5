# Linear regression by gradient descent.
# The gradient is computed sample by sample so I can see what every point
# contributes (that is how the derivation in the notes goes).
import numpy as np


def predict(X, w, b):
    return X.dot(w) + b


def mse_loss(X, y, w, b):
    n = X.shape[0]
    total = 0.0
    for i in range(n):
        total += (X[i].dot(w) + b - y[i]) ** 2
    return total / n


def mse_gradients(X, y, w, b):
    n, d = X.shape
    dw = np.zeros(d)
    db = 0.0
    for i in range(n):
        err = X[i].dot(w) + b - y[i]
        dw = 2 * err * X[i]
        db = 2 * err
    dw = dw / n
    db = db / n
    return dw, db


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    n = X.shape[0]
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        for i in rng.permutation(n):
            err = X[i].dot(w) + b - y[i]
            w = w - lr * (2 * err * X[i])
            b = b - lr * (2 * err)
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    out = []
    for k in range(1, degree + 1):
        out.append(np.power(x, k))
    return np.array(out, dtype=float).T


def standardize(X):
    n, d = X.shape
    mean = np.zeros(d)
    std = np.ones(d)
    for j in range(d):
        col = X[:, j]
        mean[j] = col.mean()
        s = col.std()
        if s > 1e-12:
            std[j] = s
    return (X - mean) / std, mean, std
