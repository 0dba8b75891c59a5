# Bob's linear regression: it trains, but the gradient is not quite right.
import numpy as np


def predict(X, w, b):
    return X.dot(w) + b


def mse_loss(X, y, w, b):
    err = predict(X, w, b) - y
    return float((err ** 2).mean())


def mse_gradients(X, y, w, b):
    err = predict(X, w, b) - y
    dw = 2 * X.T.dot(err)          # sum over the samples
    db = 2 * err.sum()
    return dw, db


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.copy()
    b = b0
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.copy()
    b = b0
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        for i in rng.permutation(len(X)):
            err = X[i].dot(w) + b - y[i]
            w = w - lr * 2 * err * X[i]
            b = b - lr * 2 * err
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.column_stack([x ** k for k in range(1, degree + 1)])


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1.0
    return (X - mean) / std, mean, std


# a quick demo
X = np.random.randn(50, 2)
y = X @ np.array([1.0, -2.0]) + 0.5
w, b, losses = gradient_descent(X, y, 0.001, 100)
print("final loss", losses[-1])
