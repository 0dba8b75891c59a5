import numpy as np


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    residual = predict(X, w, b) - y
    return float(np.mean(residual ** 2))


def mse_gradients(X, y, w, b):
    N = X.shape[0]
    r = predict(X, w, b) - y
    dw = (2.0 / N) * (X.T @ r)
    db = (2.0 / N) * np.sum(r)
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    N, D = X.shape
    if w0 is None:
        w = np.zeros(D)
    else:
        w = np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        dw /= N
        db /= N
        w = w - lr * dw
        b = b - lr * db
        sse = np.sum((X @ w + b - y) ** 2)
        loss = sse / N
        losses.append(float(loss))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        for i in rng.permutation(N):
            err = X[i] @ w + b - y[i]
            w = w - lr * 2 * err * X[i]
            b = b - lr * 2 * err
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    cols = [x ** p for p in range(1, degree + 1)]
    return np.stack(cols, axis=1)


def standardize(X):
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    sigma = X.std(axis=0)
    const = np.all(X == X[0], axis=0)
    sigma[const] = 1.0
    mu[const] = X[0, const]
    return (X - mu) / sigma, mu, sigma
