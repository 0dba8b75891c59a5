"""Linear regression, pure Python lists for the gradient (Grace Mwangi)."""
import numpy as np


def predict(X, w, b):
    return np.asarray(X) @ np.asarray(w) + b


def mse_loss(X, y, w, b):
    preds = predict(X, w, b)
    total = 0.0
    for p, t in zip(preds, y):
        total += (p - t) ** 2
    return float(total / len(y))


def mse_gradients(X, y, w, b):
    X = np.asarray(X).tolist()
    y = list(y)
    w = list(w)
    N = len(X)
    D = len(w)
    grad_w = [0.0] * D
    grad_b = 0.0
    n = 0
    while n < N:
        pred = sum(X[n][j] * w[j] for j in range(D)) + b
        resid = pred - y[n]
        grad_w = [2.0 * resid * X[n][j] / N for j in range(D)]
        grad_b = 2.0 * resid / N
        n += 1
    return np.array(grad_w), float(grad_b)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    if w0 is None:
        w = np.zeros(np.asarray(X).shape[1])
    else:
        w = np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for ep in range(epochs):
        gw, gb = mse_gradients(X, y, w, b)
        w = w - lr * gw
        b = b - lr * gb
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    X = np.asarray(X, dtype=float)
    if w0 is None:
        w = np.zeros(X.shape[1])
    else:
        w = np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for ep in range(epochs):
        order = rng.permutation(X.shape[0])
        for i in order:
            resid = X[i] @ w + b - y[i]
            w = w - lr * 2.0 * resid * X[i]
            b = b - lr * 2.0 * resid
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    out = np.empty((len(x), degree))
    for k in range(degree):
        out[:, k] = np.asarray(x, dtype=float) ** (k + 1)
    return out


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    for j in range(X.shape[1]):
        if np.all(X[:, j] == X[0, j]):
            std[j] = 1.0
            mean[j] = X[0, j]
    return (X - mean) / std, mean, std
