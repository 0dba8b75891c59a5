"""HW1 linear regression -- Claire Dubois.  I wrapped the model in a class;
the functions the grader calls just build one."""
import numpy as np


class LinearModel:
    def __init__(self, w, b):
        self.w = np.asarray(w, dtype=float)
        self.b = float(b)

    def __call__(self, X):
        return X @ self.w + self.b

    def loss(self, X, y):
        return float(np.mean((self(X) - y) ** 2))

    def grad(self, X, y):
        n_samples, n_features = X.shape
        self.residual = self(X) - y
        self.gw = 2.0 * X.T @ self.residual / n_features
        self.gb = 2.0 * self.residual.sum() / n_features
        return self.gw, float(self.gb)

    def step(self, X, y, lr):
        gw, gb = self.grad(X, y)
        return LinearModel(self.w - lr * gw, self.b - lr * gb)


def predict(X, w, b):
    return LinearModel(w, b)(X)


def mse_loss(X, y, w, b):
    return LinearModel(w, b).loss(X, y)


def mse_gradients(X, y, w, b):
    return LinearModel(w, b).grad(X, y)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    model = LinearModel(np.zeros(X.shape[1]) if w0 is None else np.copy(w0), b0)
    losses = [model.loss(X, y)]
    for _ in range(epochs):
        model = model.step(X, y, lr)
        losses.append(model.loss(X, y))
    return model.w, model.b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    model = LinearModel(np.zeros(X.shape[1]) if w0 is None else np.copy(w0), b0)
    losses = [model.loss(X, y)]
    for _ in range(epochs):
        for i in rng.permutation(len(y)):
            r = model(X[i:i + 1])[0] - y[i]
            model = LinearModel(model.w - lr * 2 * r * X[i], model.b - lr * 2 * r)
        losses.append(model.loss(X, y))
    return model.w, model.b, losses


def polynomial_features(x, degree):
    cols = [np.asarray(x, dtype=float)]
    for _ in range(degree - 1):
        cols.append(cols[-1] * cols[0])
    return np.stack(cols, axis=1)


def standardize(X):
    X = np.asarray(X, dtype=float)
    m = X.mean(0)
    s = X.std(0)
    flat = np.ptp(X, axis=0) == 0
    s[flat] = 1.0
    m[flat] = X[0, flat]
    return (X - m) / s, m, s
