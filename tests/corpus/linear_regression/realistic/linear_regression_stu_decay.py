"""
Linear regression with gradient descent (HW1)
"""
import numpy as np

DECAY = 0.97   # multiply the learning rate by this every epoch


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    residual = predict(X, w, b) - y
    return float(np.mean(residual ** 2))


def mse_gradients(X, y, w, b):
    residual = predict(X, w, b) - y
    n = X.shape[0]
    return (2 / n) * X.T @ residual, float((2 / n) * residual.sum())


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    if w0 is None:
        w = np.zeros(X.shape[1])
    else:
        w = w0.astype(float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    rate = lr
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - rate * dw
        b = b - rate * db
        rate = rate * DECAY
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    if w0 is None:
        w = np.zeros(X.shape[1])
    else:
        w = w0.astype(float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        for i in rng.permutation(X.shape[0]):
            r = predict(X[i], w, b) - y[i]
            w = w - lr * 2 * r * X[i]
            b = b - lr * 2 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.vander(x, degree + 1, increasing=True)[:, 1:]


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (X - mean) / std, mean, std
