"""Linear regression with a small model class.  S. Haddad"""
import numpy as np


class Linear:
    def __init__(self, w, b):
        self.w = np.array(w, dtype=float)
        self.b = float(b)

    def __call__(self, X):
        return X @ self.w + self.b

    def grads(self, X, y):
        r = self(X) - y
        n = len(y)
        return (2.0 / n) * (X.T @ r), 2.0 * r.sum() / n

    def step(self, dw, db, lr):
        return Linear(self.w - lr * dw, self.b - lr * db)


def predict(X, w, b):
    return Linear(w, b)(X)


def mse_loss(X, y, w, b):
    return float(np.mean((Linear(w, b)(X) - y) ** 2))


def mse_gradients(X, y, w, b):
    dw, db = Linear(w, b).grads(X, y)
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    m = Linear(np.zeros(X.shape[1]) if w0 is None else w0, b0)
    losses = [mse_loss(X, y, m.w, m.b)]
    for _ in range(epochs):
        m = m.step(*m.grads(X, y), lr)
        losses.append(mse_loss(X, y, m.w, m.b))
    return m.w, m.b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    m = Linear(np.zeros(X.shape[1]) if w0 is None else w0, b0)
    losses = [mse_loss(X, y, m.w, m.b)]
    for _ in range(epochs):
        for i in rng.permutation(len(y)):
            r = m(X[i]) - y[i]
            m = m.step(2.0 * r * X[i], 2.0 * r, lr)
        losses.append(mse_loss(X, y, m.w, m.b))
    return m.w, m.b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    cols = []
    power = np.ones_like(x)
    for _ in range(degree):
        power = power * x
        cols.append(power)
    return np.column_stack(cols)


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1.0
    return (X - mean) / std, mean, std
