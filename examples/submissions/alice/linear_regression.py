# Linear regression with gradient descent -- homework 1
# I wrote everything with plain for-loops first so I could follow the maths
# index by index (vectorising is next week).

import math
import numpy as np


def predict(X, w, b):
    n_samples = len(X)
    n_features = len(w)
    out = np.zeros(n_samples)
    for i in range(n_samples):
        s = b
        for j in range(n_features):
            s += X[i][j] * w[j]
        out[i] = s
    return out


def mse_loss(X, y, w, b):
    preds = predict(X, w, b)
    total = 0.0
    for i in range(len(y)):
        diff = preds[i] - y[i]
        total += diff * diff
    return total / len(y)


def mse_gradients(X, y, w, b):
    n_samples = len(X)
    n_features = len(w)
    preds = predict(X, w, b)
    dw = np.zeros(n_features)
    db = 0.0
    for i in range(n_samples):
        err = preds[i] - y[i]
        for j in range(n_features):
            dw[j] += 2.0 * err * X[i][j]
        db += 2.0 * err
    for j in range(n_features):
        dw[j] = dw[j] / n_samples
    db = db / n_samples
    return dw, db


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    n_features = len(X[0])
    w = np.zeros(n_features)
    if w0 is not None:
        for j in range(n_features):
            w[j] = w0[j]
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        for j in range(n_features):
            w[j] = w[j] - lr * dw[j]
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    n_samples = len(X)
    n_features = len(X[0])
    w = np.zeros(n_features)
    if w0 is not None:
        for j in range(n_features):
            w[j] = w0[j]
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        order = rng.permutation(n_samples)
        for i in order:
            # prediction for this one sample
            pred = b
            for j in range(n_features):
                pred += X[i][j] * w[j]
            err = pred - y[i]
            # gradient of (pred - y_i)^2, then step on both parameters
            for j in range(n_features):
                w[j] = w[j] - lr * 2.0 * err * X[i][j]
            b = b - lr * 2.0 * err
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    n = len(x)
    out = np.zeros((n, degree))
    for i in range(n):
        for d in range(1, degree + 1):
            out[i][d - 1] = x[i] ** d
    return out


def standardize(X):
    n_samples = len(X)
    n_features = len(X[0])
    mean = np.zeros(n_features)
    std = np.zeros(n_features)
    for j in range(n_features):
        col_sum = 0.0
        for i in range(n_samples):
            col_sum += X[i][j]
        mean[j] = col_sum / n_samples
    for j in range(n_features):
        sq = 0.0
        for i in range(n_samples):
            sq += (X[i][j] - mean[j]) ** 2
        std[j] = math.sqrt(sq / n_samples)
        # a constant column has std 0 (or something tiny from rounding) -> use 1
        if std[j] < 1e-12 * max(1.0, abs(mean[j])):
            std[j] = 1.0
    X_std = np.zeros((n_samples, n_features))
    for i in range(n_samples):
        for j in range(n_features):
            X_std[i][j] = (X[i][j] - mean[j]) / std[j]
    return X_std, mean, std
