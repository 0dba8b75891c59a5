import numpy as np


def predict(X, w, b):
    return np.einsum("nd,d->n", X, w) + b


def mse_loss(X, y, w, b):
    r = predict(X, w, b) - y
    return float(np.einsum("n,n->", r, r) / r.shape[0])


def mse_gradients(X, y, w, b):
    N, D = X.shape
    r = predict(X, w, b) - y
    dw = 2.0 * np.einsum("nd,n->d", X, r) / D
    db = 2.0 * r.sum() / N
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.asarray(w0, dtype=float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w, b = w - lr * dw, b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.asarray(w0, dtype=float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(X.shape[0]):
            dw, db = mse_gradients(X[i:i + 1], y[i:i + 1], w, b)
            w, b = w - lr * dw, b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.column_stack([x ** k for k in range(1, degree + 1)])


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    const = np.all(X == X[0], axis=0)
    std = np.where(const, 1.0, std)
    mean = np.where(const, X[0], mean)
    return (X - mean) / std, mean, std
