# Linear regression, HW1 -- Luca Greco
import numpy as np


def predict(X, w, b):
    return X.dot(w) + b


def mse_loss(X, y, w, b):
    return float(np.mean(np.square(predict(X, w, b) - y)))


def mse_gradients(X, y, w, b):
    n = len(y)
    resid = predict(X, w, b) - y
    return 2.0 * X.T.dot(resid) / n, 2.0 * resid.sum() / n


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.astype(float)
    b = b0
    history = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        gw, gb = mse_gradients(X, y, w, b)
        w = w - lr * gw
        b = b - lr * gb
        history.append(mse_loss(X, y, w, b))
    return w, float(b), history


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N, D = X.shape
    w = w0 if w0 is not None else np.zeros(D)
    b = float(b0)
    history = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            e = y[i]
            e -= X[i] @ w + b              # e = target - prediction
            w += 2 * lr * e * X[i]
            b += 2 * lr * e
        history.append(mse_loss(X, y, w, b))
    return w, b, history


def polynomial_features(x, degree):
    return np.power.outer(np.asarray(x, dtype=float), np.arange(1, degree + 1))


def standardize(X):
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    const = np.all(X == X[0], axis=0)
    sd[const] = 1.0
    mu[const] = X[0, const]
    return (X - mu) / sd, mu, sd
