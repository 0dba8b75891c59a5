import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def predict(X, w, b):
    preds = []
    for i in range(X.shape[0]):
        preds.append(sigmoid(X[i] @ w + b))
    return np.array(preds)


def mse_loss(X, y, w, b):
    r = X @ w + b - y
    return float(r @ r / len(y))


def mse_gradients(X, y, w, b):
    n = len(y)
    r = X @ w + b - y
    return 2.0 * X.T @ r / n, float(2.0 * r.sum() / n)


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
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(X.shape[0]):
            r = X[i] @ w + b - y[i]
            w = w - lr * 2.0 * r * X[i]
            b = b - lr * 2.0 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.stack([x ** k for k in range(1, degree + 1)], axis=1)


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    const = np.ptp(X, axis=0) == 0
    std = np.where(const, 1.0, std)
    mean = np.where(const, X[0], mean)
    return (X - mean) / std, mean, std
