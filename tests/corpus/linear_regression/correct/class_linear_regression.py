"""Homework 1: least squares by gradient descent.

I wrote a small LinearRegression class (sklearn-ish) and the functions the
autograder wants are thin wrappers around it.
"""
import numpy as np


class LinearRegression:
    def __init__(self, w=None, b=0.0, n_features=None):
        if w is None:
            w = np.zeros(n_features)
        self.w = np.array(w, dtype=float, copy=True)
        self.b = float(b)
        self.history = []

    # ----- model -----
    def predict(self, X):
        return X @ self.w + self.b

    def residuals(self, X, y):
        return self.predict(X) - y

    def loss(self, X, y):
        r = self.residuals(X, y)
        return float(np.mean(r ** 2))

    def gradients(self, X, y):
        r = self.residuals(X, y)
        n = X.shape[0]
        dw = (2.0 / n) * (X.T @ r)
        db = 2.0 * r.mean()
        return dw, float(db)

    # ----- optimisers -----
    def step(self, dw, db, lr):
        self.w = self.w - lr * dw
        self.b = self.b - lr * db

    def fit_gd(self, X, y, lr, epochs):
        self.history = [self.loss(X, y)]
        for _ in range(epochs):
            dw, db = self.gradients(X, y)
            self.step(dw, db, lr)
            self.history.append(self.loss(X, y))
        return self

    def fit_sgd(self, X, y, lr, epochs, rng):
        self.history = [self.loss(X, y)]
        n = X.shape[0]
        for _ in range(epochs):
            for i in rng.permutation(n):
                # one sample: gradient of (f(x_i) - y_i)^2, no 1/n here
                xi = X[i:i + 1]
                dw, db = self.gradients(xi, y[i:i + 1])
                self.step(dw, db, lr)
            self.history.append(self.loss(X, y))
        return self


class Standardizer:
    def fit(self, X):
        self.mean_ = X.mean(axis=0)
        std = X.std(axis=0)
        std[np.ptp(X, axis=0) == 0] = 1.0
        self.std_ = std
        return self

    def transform(self, X):
        return (X - self.mean_) / self.std_


# ---- functions required by the handout ----

def predict(X, w, b):
    return LinearRegression(w, b).predict(np.asarray(X, dtype=float))


def mse_loss(X, y, w, b):
    return LinearRegression(w, b).loss(np.asarray(X, dtype=float), np.asarray(y, dtype=float))


def mse_gradients(X, y, w, b):
    return LinearRegression(w, b).gradients(np.asarray(X, dtype=float), np.asarray(y, dtype=float))


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    X = np.asarray(X, dtype=float)
    model = LinearRegression(w0, b0, n_features=X.shape[1])
    model.fit_gd(X, np.asarray(y, dtype=float), lr, epochs)
    return model.w, model.b, list(model.history)


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    X = np.asarray(X, dtype=float)
    model = LinearRegression(w0, b0, n_features=X.shape[1])
    model.fit_sgd(X, np.asarray(y, dtype=float), lr, epochs, rng)
    return model.w, model.b, list(model.history)


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.column_stack([x ** p for p in range(1, degree + 1)])


def standardize(X):
    X = np.asarray(X, dtype=float)
    s = Standardizer().fit(X)
    return s.transform(X), s.mean_, s.std_
