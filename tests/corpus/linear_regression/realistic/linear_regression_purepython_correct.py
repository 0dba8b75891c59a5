"""HW1 -- Ada Lovelace-Byrne.  The gradient is a plain-Python double loop,
accumulated term by term; a small Model class holds w and b."""
import numpy as np


class Model:
    def __init__(self, w, b):
        self.w = [float(v) for v in np.asarray(w, dtype=float)]
        self.b = float(b)

    def out(self, row):
        return sum(wj * xj for wj, xj in zip(self.w, row)) + self.b


def predict(X, w, b):
    m = Model(w, b)
    return np.array([m.out(row) for row in np.asarray(X, dtype=float).tolist()])


def mse_loss(X, y, w, b):
    r = predict(X, w, b) - y
    return float(np.mean(r * r))


def mse_gradients(X, y, w, b):
    m = Model(w, b)
    rows = np.asarray(X, dtype=float).tolist()
    ys = np.asarray(y, dtype=float).tolist()
    n = len(rows)
    gw = [0.0] * len(m.w)
    gb = 0.0
    for row, target in zip(rows, ys):
        r = m.out(row) - target
        for j, xj in enumerate(row):
            gw[j] += r * xj
        gb += r
    scale = 2.0 / n
    return np.array(gw) * scale, gb * scale


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
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
        for i in rng.permutation(len(y)):
            dw, db = mse_gradients(X[i:i + 1], y[i:i + 1], w, b)
            w = w - lr * dw
            b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = [float(v) for v in np.asarray(x, dtype=float)]
    return np.array([[v ** k for k in range(1, degree + 1)] for v in x]).reshape(len(x), degree)


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    constant = X.max(axis=0) == X.min(axis=0)
    std[constant] = 1.0
    mean[constant] = X[0, constant]
    return (X - mean) / std, mean, std
