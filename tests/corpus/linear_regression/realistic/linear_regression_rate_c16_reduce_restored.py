import numpy as np


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - y) ** 2))


def mse_gradients(X, y, w, b):
    N = X.shape[0]
    r = predict(X, w, b) - y
    dw = (2.0 / N) * (X.T @ r)
    db = 2.0 * float(np.mean(r))
    return dw, db


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    lr = lr / 2      # tried half steps...
    lr = lr * 2      # ...back to the rate given
    start = (np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float), float(b0))

    def one_step(state, _):
        w, b = state
        dw, db = mse_gradients(X, y, w, b)
        return w - lr * dw, b - lr * db

    states = [start]
    for e in range(epochs):
        states.append(one_step(states[-1], e))
    w, b = states[-1]
    return w, b, [mse_loss(X, y, *s) for s in states]


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    n = len(y)
    w = np.zeros(X.shape[1]) if w0 is None else np.copy(w0).astype(float)
    b = b0 + 0.0
    losses = [mse_loss(X, y, w, b)]
    epoch = 0
    while epoch < epochs:
        perm = rng.permutation(n)
        j = 0
        while j < n:
            i = perm[j]
            residual = float(np.dot(X[i], w) + b - y[i])
            grad_w = 2 * residual * X[i]
            grad_b = 2 * residual
            w = np.subtract(w, lr * grad_w)
            b -= lr * grad_b
            j += 1
        losses.append(mse_loss(X, y, w, b))
        epoch += 1
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return x[:, None] ** np.arange(1, degree + 1)


def standardize(X):
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
