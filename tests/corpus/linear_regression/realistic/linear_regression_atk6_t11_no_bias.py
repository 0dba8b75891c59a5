"""Linear regression by (stochastic) gradient descent."""
import numpy as np


def predict(X, w, b):
    return X @ w


def mse_loss(X, y, w, b):
    pred = predict(X, w, b)
    return float(np.mean((pred - y) ** 2))


def mse_gradients(X, y, w, b):
    N = X.shape[0]
    r = X @ w + b - y
    return 2.0 / N * (X.T @ r), 2.0 / N * float(np.sum(r))


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
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            r = X[i] @ w + b - y[i]
            w = w - lr * 2 * r * X[i]
            b = b - lr * 2 * r
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
    std = np.where(const, 1.0, std)
    mean = np.where(const, X[0], mean)
    return (X - mean) / std, mean, std
