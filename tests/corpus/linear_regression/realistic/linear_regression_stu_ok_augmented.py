# Linear regression HW1.
# Trick from the lecture notes: append a column of ones so the bias is just the
# last entry of one parameter vector theta = [w, b].  All the required functions
# convert to/from that form.
import numpy as np


def _augment(X):
    return np.hstack([X, np.ones((X.shape[0], 1))])


def _theta(w, b):
    return np.append(np.asarray(w, dtype=float), float(b))


def predict(X, w, b):
    return _augment(X) @ _theta(w, b)


def mse_loss(X, y, w, b):
    r = predict(X, w, b) - y
    return float(r @ r / r.shape[0])


def _grad_theta(A, y, theta):
    r = A @ theta - y
    return 2.0 * A.T @ r / A.shape[0]


def mse_gradients(X, y, w, b):
    g = _grad_theta(_augment(X), y, _theta(w, b))
    return g[:-1], float(g[-1])


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    A = _augment(X)
    theta = _theta(np.zeros(X.shape[1]) if w0 is None else w0, b0)
    losses = [mse_loss(X, y, theta[:-1], theta[-1])]
    for _ in range(epochs):
        theta = theta - lr * _grad_theta(A, y, theta)
        losses.append(mse_loss(X, y, theta[:-1], theta[-1]))
    return theta[:-1], float(theta[-1]), losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    A = _augment(X)
    theta = _theta(np.zeros(X.shape[1]) if w0 is None else w0, b0)
    losses = [mse_loss(X, y, theta[:-1], theta[-1])]
    for _ in range(epochs):
        for i in rng.permutation(A.shape[0]):
            a_i = A[i]
            theta = theta - lr * 2.0 * (a_i @ theta - y[i]) * a_i
        losses.append(mse_loss(X, y, theta[:-1], theta[-1]))
    return theta[:-1], float(theta[-1]), losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float).reshape(-1, 1)
    return np.concatenate([x ** k for k in range(1, degree + 1)], axis=1)


def standardize(X):
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    sd = np.where(sd == 0.0, 1.0, sd)
    return (X - mu) / sd, mu, sd
