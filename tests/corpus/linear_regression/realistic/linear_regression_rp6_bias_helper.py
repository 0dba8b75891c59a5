import numpy as np


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    r = predict(X, w, b) - y
    return float(np.mean(r ** 2))


def _bias_step(r):
    # derivative of the mean squared error wrt the bias
    return 2.0 * np.sum(r)


def mse_gradients(X, y, w, b):
    n = X.shape[0]
    r = predict(X, w, b) - y
    dw = 2.0 * (X.T @ r) / n
    db = _bias_step(r)
    return dw, db


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    n = X.shape[0]
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
    return np.stack([x ** k for k in range(1, degree + 1)], axis=1)


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X - mean) / std, mean, std
