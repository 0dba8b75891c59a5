"""Linear regression, CS-ML homework 1.

I like the MATLAB-style notation so internally everything is an np.matrix:
X is N x D, w is a D x 1 column, y is an N x 1 column.  The functions convert
back to the plain arrays the handout asks for before returning.
"""
import numpy as np


def _col(v):
    # 1-D array -> column matrix (copy, so the caller's array is never touched)
    return np.matrix(np.array(v, dtype=float).reshape(-1, 1))


def _mat(X):
    return np.matrix(np.array(X, dtype=float))


def _to_vec(m):
    return np.asarray(m, dtype=float).reshape(-1)


def predict(X, w, b):
    Xm = _mat(X)
    return _to_vec(Xm * _col(w) + float(b))


def mse_loss(X, y, w, b):
    Xm = _mat(X)
    r = Xm * _col(w) + float(b) - _col(y)
    n = Xm.shape[0]
    return float((r.T * r)[0, 0] / n)


def mse_gradients(X, y, w, b):
    Xm = _mat(X)
    n = Xm.shape[0]
    r = Xm * _col(w) + float(b) - _col(y)       # N x 1 residuals
    dw = (2.0 / n) * (Xm.T * r)                  # D x 1
    db = (2.0 / n) * r.sum()
    return _to_vec(dw), float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    Xm = _mat(X)
    yc = _col(y)
    n, d = Xm.shape
    w = np.matrix(np.zeros((d, 1))) if w0 is None else _col(w0)
    b = float(b0)

    def loss(w, b):
        r = Xm * w + b - yc
        return float((r.T * r)[0, 0] / n)

    losses = [loss(w, b)]
    for _ in range(epochs):
        r = Xm * w + b - yc
        dw = (2.0 / n) * (Xm.T * r)
        db = (2.0 / n) * float(r.sum())
        w = w - lr * dw
        b = b - lr * db
        losses.append(loss(w, b))
    return _to_vec(w), b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    Xm = _mat(X)
    yc = _col(y)
    n, d = Xm.shape
    w = np.matrix(np.zeros((d, 1))) if w0 is None else _col(w0)
    b = float(b0)
    losses = [mse_loss(X, y, _to_vec(w), b)]
    for _ in range(epochs):
        for i in rng.permutation(n):
            xi = Xm[i, :]                     # 1 x D row
            err = (xi * w)[0, 0] + b - yc[i, 0]
            w = w - lr * 2.0 * err * xi.T
            b = b - lr * 2.0 * err
        losses.append(mse_loss(X, y, _to_vec(w), b))
    return _to_vec(w), b, losses


def polynomial_features(x, degree):
    xc = _col(x)
    cols = [np.power(xc, k) for k in range(1, degree + 1)]
    return np.asarray(np.hstack(cols), dtype=float)


def standardize(X):
    Xm = _mat(X)
    mean = Xm.mean(axis=0)                    # 1 x D
    std = np.sqrt(np.square(Xm - mean).mean(axis=0))
    std[np.isclose(std, 0.0)] = 1.0           # constant feature
    # careful: * is the matrix product for np.matrix, multiply is elementwise
    Xs = np.multiply(Xm - mean, 1.0 / std)
    return np.asarray(Xs), _to_vec(mean), _to_vec(std)
