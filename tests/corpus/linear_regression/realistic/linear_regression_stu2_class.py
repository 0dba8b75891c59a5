"""Homework 1 -- linear regression with gradient descent.

Name: Aiko Tanaka

I wrapped the model in a small class (it keeps w and b together) and the
functions the grader wants just call into it.
"""
import numpy as np


class LinearModel:
    def __init__(self, w, b=0.0):
        self.w = np.array(w, dtype=float)   # copy so we never touch the caller's array
        self.b = float(b)

    def __call__(self, X):
        return X @ self.w + self.b

    def loss(self, X, y):
        return float(np.mean((self(X) - y) ** 2))

    def grads(self, X, y):
        n = X.shape[0]
        resid = y - self(X)
        dw = 2.0 / n * (X.T @ resid)
        db = 2.0 / n * resid.sum()
        return dw, float(db)

    def step(self, dw, db, lr):
        self.w = self.w - lr * dw
        self.b = self.b - lr * db


def predict(X, w, b):
    return LinearModel(w, b)(X)


def mse_loss(X, y, w, b):
    return LinearModel(w, b).loss(X, y)


def mse_gradients(X, y, w, b):
    return LinearModel(w, b).grads(X, y)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    m = LinearModel(np.zeros(X.shape[1]) if w0 is None else w0, b0)
    losses = [m.loss(X, y)]
    for _ in range(epochs):
        dw, db = m.grads(X, y)
        m.step(dw, db, lr)
        losses.append(m.loss(X, y))
    return m.w, m.b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    m = LinearModel(np.zeros(X.shape[1]) if w0 is None else w0, b0)
    losses = [m.loss(X, y)]
    for _ in range(epochs):
        for i in rng.permutation(X.shape[0]):
            xi = X[i:i + 1]
            yi = y[i:i + 1]
            # gradient of ONE sample's squared error: same formula with n = 1
            dw, db = m.grads(xi, yi)
            m.step(dw, db, lr)
        losses.append(m.loss(X, y))
    return m.w, m.b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float).reshape(-1)
    return np.column_stack([x ** k for k in range(1, degree + 1)])


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X - mean) / std, mean, std
