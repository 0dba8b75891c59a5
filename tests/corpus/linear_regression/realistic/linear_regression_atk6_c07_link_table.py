"""Linear regression; the model is written so a link function can be added for logistic regression later."""
import numpy as np

LINKS = {
    "identity": lambda z: z,
    "logistic": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),
}


def _model(X, w, b, link="identity"):
    return LINKS[link](X @ w + b)


def predict(X, w, b):
    return _model(X, w, b)


def mse_loss(X, y, w, b):
    r = predict(X, w, b) - y
    return float(r @ r / len(y))


def mse_gradients(X, y, w, b):
    r = predict(X, w, b) - y
    N = len(y)
    return (2.0 / N) * np.einsum("nd,n->d", X, r), float(2.0 * r.sum() / N)


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
            r = float(predict(X[i:i + 1], w, b)[0] - y[i])
            w = w - lr * 2.0 * r * X[i]
            b = b - lr * 2.0 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.vander(x, degree + 1, increasing=True)[:, 1:]


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    constant = np.all(X == X[0], axis=0)
    std[constant] = 1.0
    mean[constant] = X[0, constant]
    return (X - mean) / std, mean, std
