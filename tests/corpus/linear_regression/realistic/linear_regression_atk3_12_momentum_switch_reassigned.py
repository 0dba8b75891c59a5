"""Linear regression. I tried Adam first, then switched to heavy-ball momentum."""
import numpy as np

OPTIMIZER = "adam"
BETA = 0.9


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - y) ** 2))


def mse_gradients(X, y, w, b):
    r = predict(X, w, b) - y
    N = X.shape[0]
    return 2.0 * X.T @ r / N, float(2.0 * r.sum() / N)


OPTIMIZER = "momentum"


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    vw, vb = np.zeros_like(w), 0.0
    mw, mb, sw, sb = np.zeros_like(w), 0.0, np.zeros_like(w), 0.0
    losses = [mse_loss(X, y, w, b)]
    for t in range(1, epochs + 1):
        dw, db = mse_gradients(X, y, w, b)
        if OPTIMIZER == "adam":
            mw = 0.9 * mw + 0.1 * dw
            mb = 0.9 * mb + 0.1 * db
            sw = 0.999 * sw + 0.001 * dw ** 2
            sb = 0.999 * sb + 0.001 * db ** 2
            w = w - lr * (mw / (1 - 0.9 ** t)) / (np.sqrt(sw / (1 - 0.999 ** t)) + 1e-8)
            b = b - lr * (mb / (1 - 0.9 ** t)) / (np.sqrt(sb / (1 - 0.999 ** t)) + 1e-8)
        elif OPTIMIZER == "momentum":
            vw = BETA * vw + dw
            vb = BETA * vb + db
            w = w - lr * vw
            b = b - lr * vb
        else:
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
            r = X[i] @ w + b - y[i]
            w = w - lr * 2.0 * r * X[i]
            b = b - lr * 2.0 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.stack([x ** p for p in range(1, degree + 1)], axis=1)


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    const = np.ptp(X, axis=0) == 0
    std[const] = 1.0
    mean[const] = X[0, const]
    return (X - mean) / std, mean, std
