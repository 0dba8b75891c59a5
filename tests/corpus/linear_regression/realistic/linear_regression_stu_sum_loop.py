# HW1 linear regression -- written with explicit loops first, I'll vectorize later
import numpy as np


def predict(X, w, b):
    return X.dot(w) + b


def mse_loss(X, y, w, b):
    err = predict(X, w, b) - y
    return float(err.dot(err) / len(y))


def mse_gradients(X, y, w, b):
    N, D = X.shape
    dw = np.zeros(D)
    db = 0.0
    for i in range(N):
        r = X[i].dot(w) + b - y[i]
        dw += 2 * r * X[i]
        db += 2 * r
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.copy()
    b = b0
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.copy()
    b = b0
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        for i in rng.permutation(X.shape[0]):
            r = X[i].dot(w) + b - y[i]
            w = w - lr * 2 * r * X[i]
            b = b - lr * 2 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    cols = []
    for d in range(1, degree + 1):
        cols.append(x ** d)
    return np.stack(cols, axis=1)


def standardize(X):
    mu = X.mean(axis=0)
    sigma = X.std(axis=0)
    sigma = np.where(sigma == 0, 1.0, sigma)
    return (X - mu) / sigma, mu, sigma
