# linear regression -- gradient descent and stochastic gradient descent
import numpy as np


def predict(X, w, b):
    return np.matmul(X, w) + b


def mse_loss(X, y, w, b):
    residuals = np.matmul(X, w) + b - y
    return float(np.mean(np.square(residuals)))


def mse_gradients(X, y, w, b):
    residuals = np.matmul(X, w) + b - y
    n = X.shape[0]
    dw = 2.0 * np.matmul(residuals, X) / n
    db = 2.0 * residuals.mean()
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.copy(w0).astype(float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w -= lr * dw
        b -= lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N = X.shape[0]
    w = np.zeros(X.shape[1]) if w0 is None else np.copy(w0).astype(float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for k in range(N - 1):
            i = order[k]
            r = np.dot(X[i], w) + b - y[i]
            w -= lr * 2.0 * r * X[i]
            b -= lr * 2.0 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    powers = np.arange(1, degree + 1)
    return np.power.outer(x, powers).astype(float)


def standardize(X):
    mean = np.mean(X, axis=0)
    std = np.std(X, axis=0)
    std[np.ptp(X, axis=0) == 0] = 1.0
    return (X - mean) / std, mean, std
