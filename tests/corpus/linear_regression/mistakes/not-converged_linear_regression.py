"""Linear regression trained with (full batch) gradient descent and SGD.

I added learning-rate decay to gradient descent so it doesn't overshoot at
the end of training.
"""
import numpy as np


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    e = predict(X, w, b) - y
    return float(np.mean(e * e))


def mse_gradients(X, y, w, b):
    e = predict(X, w, b) - y
    dw = 2 * X.T @ e / X.shape[0]
    db = 2 * np.mean(e)
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    step = lr
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - step * dw
        b = b - step * db
        step = step * 0.9          # decay
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        for i in rng.permutation(X.shape[0]):
            e = X[i] @ w + b - y[i]
            w = w - lr * 2 * e * X[i]
            b = b - lr * 2 * e
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    X = np.empty((len(x), degree))
    X[:, 0] = x
    for k in range(1, degree):
        X[:, k] = X[:, k - 1] * x
    return X


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std < 1e-12] = 1.0
    return (X - mean) / std, mean, std
