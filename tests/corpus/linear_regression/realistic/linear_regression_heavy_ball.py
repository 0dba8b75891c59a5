"""Assignment 1: linear regression trained by gradient descent.

A linear model predicts one number per sample,

    f(X) = X @ w + b            X: (N, D), w: (D,), b: a float,

and is fitted by minimising the mean squared error

    L(w, b) = mean_n (f(x_n) - y_n) ** 2.

Write r = f(X) - y for the residuals. The gradient of L is

    dL/dw = (2 / N) * X.T @ r        dL/db = (2 / N) * sum_n r_n,

and gradient descent repeats  w <- w - lr * dL/dw,  b <- b - lr * dL/db.
Stochastic gradient descent (SGD) instead steps after every single sample,
on the gradient of that sample's squared error (f(x_i) - y_i) ** 2.

Gradient descent converges much faster when every feature has mean 0 and
standard deviation 1, so you will also write `standardize`, and
`polynomial_features` to fit curves with the same linear machinery.

Conventions: use NumPy only; never modify an argument in place; training
functions return a list of `epochs + 1` losses on the whole training set,
the first one at the starting parameters.
"""

import numpy as np


def predict(X, w, b):
    """Predictions of the linear model f(X) = X @ w + b.

    Args:
        X: inputs, shape (N, D).
        w: weights, shape (D,).
        b: bias, a float.

    Returns:
        Predictions, shape (N,).
    """
    return X @ w + b


def mse_loss(X, y, w, b):
    """Mean squared error L = mean_n (f(x_n) - y_n) ** 2 of the linear model.

    Args:
        X: inputs, shape (N, D).
        y: targets, shape (N,).
        w: weights, shape (D,).
        b: bias, a float.

    Returns:
        The loss L, a float.
    """
    return float(np.mean((predict(X, w, b) - y) ** 2))


def mse_gradients(X, y, w, b):
    """Exact gradient of the mean squared error with respect to w and b.

    With residuals r = X @ w + b - y, differentiating
    L = (1/N) * sum_n r_n ** 2 gives dL/dw = (2/N) * X.T @ r and
    dL/db = (2/N) * sum_n r_n (note the factor 2 and the 1/N of the mean).

    Args:
        X: inputs, shape (N, D).
        y: targets, shape (N,).
        w: weights, shape (D,).
        b: bias, a float.

    Returns:
        (dw, db): dw of shape (D,), db a float.
    """
    N = X.shape[0]
    r = predict(X, w, b) - y
    dw = (2.0 / N) * (X.T @ r)
    db = 2.0 * float(np.mean(r))
    return dw, db


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    """Fit w and b by full-batch gradient descent on the mean squared error.

    Each epoch is one step on the gradient of the loss over all N samples:
    w <- w - lr * dw, b <- b - lr * db.

    Args:
        X: inputs, shape (N, D).
        y: targets, shape (N,).
        lr: learning rate, a positive float.
        epochs: number of steps, an int >= 0.
        w0: starting weights, shape (D,); None means zeros. Not modified.
        b0: starting bias, a float.

    Returns:
        (w, b, losses): the final weights, shape (D,); the final bias, a float;
        a list of epochs + 1 floats, losses[0] the loss at (w0, b0) and
        losses[k] the loss on the whole training set after epoch k.
    """
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    vw, vb = np.zeros_like(w), 0.0
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        vw, vb = 0.9 * vw + dw, 0.9 * vb + db
        dw, db = vw, vb
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    """Fit w and b by stochastic gradient descent, one sample per step.

    Each epoch visits the samples in the order rng.permutation(N) and, for
    each sample i, steps on the gradient of its own squared error
    (f(x_i) - y_i) ** 2, i.e. dw = 2 * r_i * x_i and db = 2 * r_i with
    r_i = f(x_i) - y_i (there is no 1/N: it is one sample's loss).

    Args:
        X: inputs, shape (N, D).
        y: targets, shape (N,).
        lr: learning rate, a positive float.
        epochs: number of passes over the data, an int >= 0.
        rng: a np.random.Generator, the only source of randomness
            (one rng.permutation(N) call per epoch).
        w0: starting weights, shape (D,); None means zeros. Not modified.
        b0: starting bias, a float.

    Returns:
        (w, b, losses): the final weights, shape (D,); the final bias, a float;
        a list of epochs + 1 floats, losses[0] the mean squared error at
        (w0, b0) and losses[k] the mean squared error on the whole training
        set after epoch k.
    """
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            r = X[i] @ w + b - y[i]
            w = w - lr * 2.0 * r * X[i]
            b = b - lr * 2.0 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    """Powers of a single feature, so that a linear model can fit a polynomial.

    Args:
        x: one feature, shape (N,).
        degree: the highest power, an int >= 1.

    Returns:
        Array of shape (N, degree) whose columns are x, x**2, ..., x**degree
        (no constant column: the bias b plays that role).
    """
    x = np.asarray(x, dtype=float)
    return x[:, None] ** np.arange(1, degree + 1)


def standardize(X):
    """Shift and scale every column to mean 0 and standard deviation 1.

    The standard deviation is the population one (np.std, ddof=0). A constant
    column has standard deviation 0; it is divided by 1 instead, so it
    becomes all zeros rather than NaN.

    Args:
        X: inputs, shape (N, D).

    Returns:
        (X_std, mean, std): X_std = (X - mean) / std of shape (N, D); the
        per-column mean and standard deviation, each of shape (D,).
    """
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    # Rounding in the mean can leave a tiny non-zero std on a constant column
    # (e.g. a column of 0.1s), so find constant columns exactly instead of
    # testing std == 0; their exact mean is any of their entries.
    constant = np.ptp(X, axis=0) == 0
    std[constant] = 1.0
    mean[constant] = X[0, constant]
    return (X - mean) / std, mean, std
