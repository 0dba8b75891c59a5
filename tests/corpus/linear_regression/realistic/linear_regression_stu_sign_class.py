"""HW1 -- Linear regression.  I wrapped the model in a class and the required
functions just call it."""
import numpy as np


class LinearModel:
    def __init__(self, w, b):
        self.w = np.asarray(w, dtype=float)
        self.b = float(b)

    def __call__(self, X):
        return X @ self.w + self.b

    def residuals(self, X, y):
        return y - self(X)

    def loss(self, X, y):
        return float(np.mean(self.residuals(X, y) ** 2))

    def grad(self, X, y):
        r = self.residuals(X, y)
        n = len(y)
        return 2.0 / n * (X.T @ r), 2.0 / n * float(r.sum())


def predict(X, w, b):
    return LinearModel(w, b)(X)


def mse_loss(X, y, w, b):
    return LinearModel(w, b).loss(X, y)


def mse_gradients(X, y, w, b):
    return LinearModel(w, b).grad(X, y)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    history = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        gw, gb = mse_gradients(X, y, w, b)
        w, b = w - lr * gw, b - lr * gb
        history.append(mse_loss(X, y, w, b))
    return w, b, history


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    history = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(len(y)):
            e = X[i] @ w + b - y[i]
            w = w - lr * 2 * e * X[i]
            b = b - lr * 2 * e
        history.append(mse_loss(X, y, w, b))
    return w, b, history


def polynomial_features(x, degree):
    return np.column_stack([x ** k for k in range(1, degree + 1)])


def standardize(X):
    X = np.asarray(X, dtype=float)
    m = X.mean(0)
    s = X.std(0)
    s[s == 0] = 1.0
    return (X - m) / s, m, s
