# Linear regression assignment + my experiments at the bottom.
# Run with:  python demo_linear_regression.py
import sys
import time
import numpy as np


def predict(X, w, b):
    return np.dot(X, w) + b


def mse_loss(X, y, w, b):
    e = predict(X, w, b) - y
    return float(np.dot(e, e) / len(y))


def mse_gradients(X, y, w, b):
    e = predict(X, w, b) - y
    n = len(y)
    dw = 2 * np.dot(X.T, e) / n
    db = 2 * np.sum(e) / n
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.copy(w0).astype(float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.copy(w0).astype(float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        idx = rng.permutation(len(y))
        for i in idx:
            e = np.dot(X[i], w) + b - y[i]
            w = w - lr * 2 * e * X[i]
            b = b - lr * 2 * e
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.vander(x, degree + 1, increasing=True)[:, 1:].astype(float)


def standardize(X):
    mu = np.mean(X, axis=0)
    sigma = np.std(X, axis=0)
    sigma = np.where(sigma < 1e-12, 1.0, sigma)
    return (X - mu) / sigma, mu, sigma


# ------------------------------------------------------------------
# experiments
# ------------------------------------------------------------------
print("=== linear regression demo ===")
rng = np.random.default_rng(0)
x = rng.uniform(-2, 2, size=200)
y = 0.5 * x ** 3 - x + 1 + rng.normal(scale=0.3, size=200)
Xp, mu, sigma = standardize(polynomial_features(x, 3))

w, b, losses = gradient_descent(Xp, y, 0.05, 500)
print("GD final loss", losses[-1])

# let it run "until it really converges" (this takes forever, I just leave it overnight)
w, b = np.zeros(3), 0.0
it = 0
while it < 10 ** 9:
    dw, db = mse_gradients(Xp, y, w, b)
    w = w - 1e-4 * dw
    b = b - 1e-4 * db
    it += 1
    if it % 1000000 == 0:
        print(it, mse_loss(Xp, y, w, b))

time.sleep(600)
print("done:", w, b)
input("press enter to quit")
sys.exit(0)
