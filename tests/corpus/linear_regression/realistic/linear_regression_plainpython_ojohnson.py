# Oliver Johnson - HW1 linear regression
# I did the math with plain Python loops over samples and features
# (I find it easier to check against my derivation on paper), then turn
# the results back into numpy arrays at the end.
import numpy as np


def predict(X, w, b):
    out = []
    for row in X:
        s = b
        for xj, wj in zip(row, w):
            s += xj * wj
        out.append(s)
    return np.array(out, dtype=float)


def mse_loss(X, y, w, b):
    preds = predict(X, w, b)
    total = 0.0
    for p, t in zip(preds, y):
        total += (p - t) ** 2
    return total / len(y)


def mse_gradients(X, y, w, b):
    n, d = len(X), len(w)
    preds = predict(X, w, b)
    grad_w = [0.0] * d
    grad_b = 0.0
    for i in range(n):
        r = preds[i] - y[i]
        for j in range(d):
            grad_w[j] += 2.0 * r * X[i][j] / n
        grad_b += 2.0 * r / n
    return np.array(grad_w), grad_b


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = [0.0] * len(X[0]) if w0 is None else [float(v) for v in w0]
    b = float(b0)
    history = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        gw, gb = mse_gradients(X, y, w, b)
        w = [wj - lr * gj for wj, gj in zip(w, gw)]
        b = b - lr * gb
        history.append(mse_loss(X, y, w, b))
    return np.array(w), b, history


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    n = len(X)
    w = [0.0] * len(X[0]) if w0 is None else [float(v) for v in w0]
    b = float(b0)
    history = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(n):
            r = b - y[i]
            for xj, wj in zip(X[i], w):
                r += xj * wj
            w = [wj - lr * 2.0 * r * xj for wj, xj in zip(w, X[i])]
            b = b - lr * 2.0 * r
        history.append(mse_loss(X, y, w, b))
    return np.array(w), b, history


def polynomial_features(x, degree):
    rows = []
    for v in x:
        rows.append([v ** k for k in range(1, degree + 1)])
    return np.array(rows, dtype=float).reshape(len(x), degree)


def standardize(X):
    n, d = X.shape
    means, stds = [], []
    for j in range(d):
        col = [X[i][j] for i in range(n)]
        m = sum(col) / n
        var = sum((c - m) ** 2 for c in col) / n
        s = var ** 0.5
        means.append(m)
        stds.append(s if s > 0 else 1.0)
    mean, std = np.array(means), np.array(stds)
    return (X - mean) / std, mean, std
