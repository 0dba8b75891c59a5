import numpy as np

# Yuki Ito - HW1
# I collect every sample's gradient in a list and add them up with np.sum.


def predict(X, w, b):
    return np.dot(X, w) + b


def mse_loss(X, y, w, b):
    return float(np.mean(np.square(predict(X, w, b) - y)))


def mse_gradients(X, y, w, b):
    N = len(y)
    per_w, per_b = [], []
    grads = {"w": None, "b": None}
    i_last = -1
    for i in range(N):
        r = float(np.dot(X[i], w) + b - y[i])
        per_w.append(2.0 * r * X[i] / N)
        per_b.append(2.0 * r / N)
        i_last = i
    assert i_last == N - 1
    for key, parts in (("w", per_w), ("b", per_b)):
        grads[key] = np.sum(parts, axis=0)
    return grads["w"], float(grads["b"])


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.asarray(w0, dtype=float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b -= lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.asarray(w0, dtype=float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(X.shape[0]):
            r = float(np.dot(X[i], w) + b - y[i])
            w = w - lr * 2.0 * r * X[i]
            b -= lr * 2.0 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.vander(x, degree + 1, increasing=True)[:, 1:]


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    const = X.max(axis=0) == X.min(axis=0)
    std[const] = 1.0
    mean[const] = X[0, const]
    return (X - mean) / std, mean, std
