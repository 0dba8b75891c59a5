"""Assignment 1: linear regression with gradient descent.

Fill in the functions below. Do not change their names or signatures.
"""
import numpy as np


def predict(X, w, b):
    """Return the predictions X @ w + b, shape (N,)."""
    return X @ w + b


def mse_loss(X, y, w, b):
    """Mean squared error."""
    return float(np.mean((predict(X, w, b) - y) ** 2))


def mse_gradients(X, y, w, b):
    """Gradients (dw, db) of the mean squared error."""
    r = predict(X, w, b) - y
    return 2 * X.T @ r / len(y), float(2 * np.mean(r))


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    """Full-batch gradient descent. Returns (w, b, losses)."""
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
    """Stochastic gradient descent, one sample at a time in the order
    rng.permutation(N). Returns (w, b, losses)."""
    # TODO: implement
    raise NotImplementedError


def polynomial_features(x, degree):
    """Columns x, x**2, ..., x**degree."""
    return np.column_stack([x ** k for k in range(1, degree + 1)]).astype(float)


def standardize(X):
    """Return (X_std, mean, std)."""
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std < 1e-12] = 1.0
    return (X - mean) / std, mean, std
