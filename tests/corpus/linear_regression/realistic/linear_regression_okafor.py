# HW1 - Chidi Okafor
# I wrote the gradient with an explicit loop over samples first (to understand it),
# float32 to save memory.
import numpy as np

F = np.float32


def predict(X, w, b):
    X = np.asarray(X, dtype=F)
    return X @ np.asarray(w, dtype=F) + F(b)


def mse_loss(X, y, w, b):
    err = predict(X, w, b) - np.asarray(y, dtype=F)
    return float(np.mean(err ** 2))


def mse_gradients(X, y, w, b):
    X = np.asarray(X, dtype=F)
    y = np.asarray(y, dtype=F)
    N, D = X.shape
    dw = np.zeros(D, dtype=F)
    db = F(0.0)
    last_err = F(0.0)
    i = 0
    while i < N:
        err = X[i] @ w + F(b) - y[i]
        dw += F(2.0) * err * X[i]
        db += F(2.0) * err
        last_err = err          # only for the debug print below
        i += 1
    if not np.isfinite(last_err):
        print("warning: residual blew up")
    return dw / F(N), float(db / F(N))


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    D = X.shape[1]
    w = np.zeros(D, dtype=F) if w0 is None else np.array(w0, dtype=F)
    b = F(b0)
    losses = [mse_loss(X, y, w, b)]
    epoch = 0
    while epoch < epochs:
        dw, db = mse_gradients(X, y, w, b)
        w = w - F(lr) * dw
        b = b - F(lr) * F(db)
        losses.append(mse_loss(X, y, w, b))
        epoch += 1
    return w, float(b), losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    X = np.asarray(X, dtype=F)
    y = np.asarray(y, dtype=F)
    N, D = X.shape
    w = np.zeros(D, dtype=F) if w0 is None else np.array(w0, dtype=F)
    b = F(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        for i in rng.permutation(N):
            err = X[i] @ w + b - y[i]
            w = w - F(lr) * F(2.0) * err * X[i]
            b = b - F(lr) * F(2.0) * err
        losses.append(mse_loss(X, y, w, b))
    return w, float(b), losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=F)
    cols = []
    for p in range(1, degree + 1):
        cols.append(x ** p)
    return np.stack(cols, axis=1)


def standardize(X):
    X = np.asarray(X, dtype=np.float64)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    const = np.ptp(X, axis=0) == 0
    std = np.where(const, 1.0, std)
    mean = np.where(const, X[0], mean)
    return (X - mean) / std, mean, std
