# CS 4780 HW1 - Linear regression with gradient descent
# Michael Chen
# I wrote everything with loops first so I understand what is going on,
# will vectorize later if I have time.

import numpy as np


def predict(X, w, b):
    N = X.shape[0]
    preds = np.zeros(N)
    for i in range(N):
        preds[i] = np.dot(X[i], w) + b
    return preds


def mse_loss(X, y, w, b):
    N = X.shape[0]
    total = 0.0
    for i in range(N):
        err = np.dot(X[i], w) + b - y[i]
        total += err ** 2
    return float(total / N)


def mse_gradients(X, y, w, b):
    N, D = X.shape
    dw = np.zeros(D)
    db = 0.0
    for i in range(N):
        # derivative of (y - (w.x + b))^2
        err = y[i] - (np.dot(X[i], w) + b)
        dw += 2 * err * X[i]
        db += 2 * err
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    if w0 is None:
        w = np.zeros(X.shape[1])
    else:
        w = w0.copy()
    b = b0
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
        # print(epoch, losses[-1])
    return w, float(b), losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N, D = X.shape
    if w0 is None:
        w = np.zeros(D)
    else:
        w = w0.copy()
    b = b0
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        order = rng.permutation(N)
        for i in order:
            r = np.dot(X[i], w) + b - y[i]
            w = w - lr * 2 * r * X[i]
            b = b - lr * 2 * r
        losses.append(mse_loss(X, y, w, b))
    return w, float(b), losses


def polynomial_features(x, degree):
    N = len(x)
    out = np.zeros((N, degree))
    for i in range(N):
        for d in range(1, degree + 1):
            out[i, d - 1] = x[i] ** d
    return out


def standardize(X):
    N, D = X.shape
    mean = np.zeros(D)
    std = np.zeros(D)
    for j in range(D):
        mean[j] = np.mean(X[:, j])
        std[j] = np.std(X[:, j])
        if std[j] == 0:
            std[j] = 1.0
    X_std = (X - mean) / std
    return X_std, mean, std
