"""Linear regression without vectorising the gradient (Ana Santos)."""
import numpy as np


def predict(X, w, b):
    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b


def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - y) ** 2))


def mse_gradients(X, y, w, b):
    N = len(X)
    D = len(w)
    grad_w = [0.0 for _ in range(D)]
    grad_b = 0.0
    i = 0
    while i < N:
        r = b - y[i]
        for j in range(D):
            r += X[i][j] * w[j]
        for j in range(D):
            grad_w[j] = 2.0 * r * X[i][j] / N
        grad_b = 2.0 * r / N
        i += 1
    return np.array(grad_w), float(grad_b)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(len(X[0])) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        gw, gb = mse_gradients(X, y, w, b)
        w = w - lr * gw
        b = b - lr * gb
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(len(X)):
            r = X[i] @ w + b - y[i]
            w = w - lr * 2.0 * r * X[i]
            b = b - lr * 2.0 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.array([[xi ** k for k in range(1, degree + 1)] for xi in x]).reshape(len(x), degree)


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    const = np.ptp(X, axis=0) == 0
    std[const] = 1.0
    mean[const] = X[0, const]
    return (X - mean) / std, mean, std
