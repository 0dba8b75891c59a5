"""Linear regression, HW 1 (Lena Fischer).

Trick from lecture: append a column of ones to X so that the bias is just
the last entry of one parameter vector theta = [w, b]. Then
    L(theta) = mean((A @ theta - y)^2),   grad = (2/N) A^T (A theta - y).
I keep everything in float32 to save memory (the handout says that's fine).
"""
import numpy as np

DTYPE = np.float32


def _augment(X):
    X = np.asarray(X, dtype=DTYPE)
    return np.concatenate([X, np.ones((X.shape[0], 1), dtype=DTYPE)], axis=1)


def _theta(w, b):
    return np.append(np.asarray(w, dtype=DTYPE), DTYPE(b))


def _grad_theta(A, y, theta):
    r = A @ theta - y
    return np.einsum("nd,n->d", A, r) * DTYPE(2.0 / A.shape[0])


def _loss_theta(A, y, theta):
    r = A @ theta - y
    return float(np.einsum("n,n->", r, r) / r.shape[0])


def predict(X, w, b):
    return _augment(X) @ _theta(w, b)


def mse_loss(X, y, w, b):
    return _loss_theta(_augment(X), np.asarray(y, dtype=DTYPE), _theta(w, b))


def mse_gradients(X, y, w, b):
    g = _grad_theta(_augment(X), np.asarray(y, dtype=DTYPE), _theta(w, b))
    return g[:-1], float(g[-1])


def _fit(A, y, lr, epochs, theta, step_fn):
    losses = [_loss_theta(A, y, theta)]
    for epoch in range(epochs):
        theta = step_fn(theta, epoch)
        losses.append(_loss_theta(A, y, theta))
    return theta[:-1], float(theta[-1]), losses


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    A, y = _augment(X), np.asarray(y, dtype=DTYPE)
    w0 = np.zeros(A.shape[1] - 1) if w0 is None else w0
    lr = DTYPE(lr)
    return _fit(A, y, lr, epochs, _theta(w0, b0),
                lambda th, _: th - lr * _grad_theta(A, y, th))


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    A, y = _augment(X), np.asarray(y, dtype=DTYPE)
    w0 = np.zeros(A.shape[1] - 1) if w0 is None else w0
    lr = DTYPE(lr)

    def one_epoch(th, _):
        for i in rng.permutation(A.shape[0]):
            th = th - lr * DTYPE(2.0) * (A[i] @ th - y[i]) * A[i]
        return th

    return _fit(A, y, lr, epochs, _theta(w0, b0), one_epoch)


def polynomial_features(x, degree):
    return np.power.outer(np.asarray(x, dtype=DTYPE), np.arange(1, degree + 1))


def standardize(X):
    X = np.asarray(X, dtype=DTYPE)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0, DTYPE(1.0), std)
    return (X - mean) / std, mean, std
