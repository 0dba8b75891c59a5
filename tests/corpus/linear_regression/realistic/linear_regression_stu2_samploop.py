# CS-4xx  HW1  linear regression
# Tomas Varga
#
# I did the gradient with a loop over the samples first so I can see what
# happens for each point, vectorising later if I have time.

import numpy as np

DEBUG = False


def predict(X, w, b):
    return np.dot(X, w) + b


def mse_loss(X, y, w, b):
    err = predict(X, w, b) - y
    return float(np.mean(err * err))


def mse_gradients(X, y, w, b):
    N, D = X.shape
    dw = np.zeros(D)
    db = 0.0
    for i in range(N):
        r_i = np.dot(X[i], w) + b - y[i]      # residual of sample i
        # d/dw of (1/N) * r_i^2  =  (2/N) * r_i * x_i
        dw = (2.0 / N) * r_i * X[i]
        db = (2.0 / N) * r_i
        if DEBUG:
            print("sample", i, "r =", r_i, "dw =", dw)
    return dw, db


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    if w0 is None:
        w = np.zeros(X.shape[1])
    else:
        w = np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for ep in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
        if DEBUG and ep % 10 == 0:
            print("epoch", ep, "loss", losses[-1])
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N = X.shape[0]
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for ep in range(epochs):
        order = rng.permutation(N)
        for i in order:
            r_i = np.dot(X[i], w) + b - y[i]
            w = w - lr * 2.0 * r_i * X[i]
            b = b - lr * 2.0 * r_i
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    cols = []
    for p in range(1, degree + 1):
        cols.append(x ** p)
    return np.stack(cols, axis=1)


def standardize(X):
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    sd[sd == 0] = 1.0
    return (X - mu) / sd, mu, sd


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3
    w, b, L = gradient_descent(X, y, 0.1, 200)
    print(w, b, L[-1])
