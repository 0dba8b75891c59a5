import numpy as np

# Tom Lee - linear regression HW


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - y) ** 2))


def mse_gradients(X, y, w, b):
    N, D = X.shape
    grad_w = np.zeros(D)
    grad_b = 0.0
    count = 0
    for i, (x_i, y_i) in enumerate(zip(X, y)):
        r = x_i @ w + b - y_i
        grad_w = 2 * r * x_i
        grad_b = 2 * r
        count = i + 1
    return grad_w / count, float(grad_b / count)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        gw, gb = mse_gradients(X, y, w, b)
        w, b = w - lr * gw, b - lr * gb
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(X.shape[0]):
            r = X[i] @ w + b - y[i]
            w, b = w - lr * 2 * r * X[i], b - lr * 2 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.stack([x ** d for d in range(1, degree + 1)], axis=1)


def standardize(X):
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    sd = np.where(np.ptp(X, axis=0) == 0, 1.0, sd)
    mu = np.where(np.ptp(X, axis=0) == 0, X[0], mu)
    return (X - mu) / sd, mu, sd
