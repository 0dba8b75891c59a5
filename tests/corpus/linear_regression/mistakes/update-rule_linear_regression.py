import numpy as np

# ---------------------------------------------------------------
# Assignment 1: linear regression
# ---------------------------------------------------------------


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    diff = predict(X, w, b) - y
    return float(diff @ diff) / len(y)


def mse_gradients(X, y, w, b):
    diff = predict(X, w, b) - y
    N = len(y)
    return 2 * X.T @ diff / N, float(2 * diff.sum() / N)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.astype(float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        # update the weights
        dw, _ = mse_gradients(X, y, w, b)
        w = w - lr * dw
        # update the bias
        _, db = mse_gradients(X, y, w, b)
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.astype(float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        for i in rng.permutation(len(y)):
            g = 2 * (X[i] @ w + b - y[i])
            w, b = w - lr * g * X[i], b - lr * g
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.stack([x ** p for p in range(1, degree + 1)], axis=1).astype(float)


def standardize(X):
    mu = X.mean(0)
    sd = X.std(0)
    sd[sd < 1e-12] = 1.0
    return (X - mu) / sd, mu, sd
