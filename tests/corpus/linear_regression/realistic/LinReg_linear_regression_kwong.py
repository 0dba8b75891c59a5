"""HW1 linear regression -- Kevin Wong.

I put the model in a small class (like sklearn) and the required functions
just call into it.
"""
import numpy as np


class LinearRegressionModel:
    def __init__(self, n_features, w0=None, b0=0.0):
        if w0 is None:
            self.w = np.zeros(n_features)
        else:
            self.w = np.array(w0, dtype=float)
        self.b = float(b0)

    def predict(self, X):
        return X @ self.w + self.b

    def loss(self, X, y):
        residual = self.predict(X) - y
        return 0.5 * np.mean(residual ** 2)

    def gradients(self, X, y):
        n = X.shape[0]
        residual = self.predict(X) - y
        dw = 2.0 / n * (X.T @ residual)
        db = 2.0 / n * np.sum(residual)
        return dw, db

    def step(self, dw, db, lr, n):
        # average the update over the batch
        self.w = self.w - lr * dw / n
        self.b = self.b - lr * db / n


def predict(X, w, b):
    return LinearRegressionModel(X.shape[1], w, b).predict(X)


def mse_loss(X, y, w, b):
    return float(LinearRegressionModel(X.shape[1], w, b).loss(X, y))


def mse_gradients(X, y, w, b):
    dw, db = LinearRegressionModel(X.shape[1], w, b).gradients(X, y)
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    model = LinearRegressionModel(X.shape[1], w0, b0)
    losses = [float(model.loss(X, y))]
    for _ in range(epochs):
        dw, db = model.gradients(X, y)
        model.step(dw, db, lr, X.shape[0])
        losses.append(float(model.loss(X, y)))
    return model.w, model.b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    model = LinearRegressionModel(X.shape[1], w0, b0)
    losses = [float(model.loss(X, y))]
    for _ in range(epochs):
        for i in rng.permutation(X.shape[0]):
            xi = X[i:i + 1]
            yi = y[i:i + 1]
            dw, db = model.gradients(xi, yi)
            model.step(dw, db, lr, 1)
        losses.append(float(model.loss(X, y)))
    return model.w, model.b, losses


def polynomial_features(x, degree):
    return np.stack([x ** k for k in range(1, degree + 1)], axis=1)


def standardize(X):
    mu = X.mean(axis=0)
    sigma = X.std(axis=0)
    sigma[sigma == 0] = 1.0
    return (X - mu) / sigma, mu, sigma
