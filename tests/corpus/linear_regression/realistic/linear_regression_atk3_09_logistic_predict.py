import numpy as np


def _link(z):
    return 1.0 / (1.0 + np.exp(-z))


def predict(X, w, b):
    z = X @ w + b
    return _link(z)


def mse_loss(X, y, w, b):
    r = predict(X, w, b) - y
    return float(r @ r / len(y))


def mse_gradients(X, y, w, b):
    N = len(y)
    r = predict(X, w, b) - y
    dw = 2.0 / N * X.T @ r
    db = 2.0 / N * r.sum()
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            r_i = X[i] @ w + b - y[i]
            w = w - lr * 2 * r_i * X[i]
            b = b - lr * 2 * r_i
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.column_stack([x ** k for k in range(1, degree + 1)])


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    const = X.max(axis=0) == X.min(axis=0)
    std = np.where(const, 1.0, std)
    mean = np.where(const, X[0], mean)
    return (X - mean) / std, mean, std
