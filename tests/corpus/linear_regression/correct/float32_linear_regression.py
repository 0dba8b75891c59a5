# Linear regression HW -- I do everything in single precision (float32),
# like on the GPU in the lab.  All inputs are cast once at the top of each
# function and every array I return is float32.
import numpy as np

F = np.float32


def predict(X, w, b):
    X = np.asarray(X).astype(np.float32)
    w = np.asarray(w).astype(np.float32)
    return X @ w + F(b)


def mse_loss(X, y, w, b):
    y = np.asarray(y).astype(np.float32)
    r = predict(X, w, b) - y
    return F(np.mean(r * r))


def mse_gradients(X, y, w, b):
    X = np.asarray(X).astype(np.float32)
    y = np.asarray(y).astype(np.float32)
    n = F(X.shape[0])
    r = predict(X, w, b) - y
    dw = F(2) * (X.T @ r) / n
    db = F(2) * np.sum(r) / n
    return dw.astype(np.float32), F(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    X = np.asarray(X).astype(np.float32)
    y = np.asarray(y).astype(np.float32)
    lr = F(lr)
    if w0 is None:
        w = np.zeros(X.shape[1], dtype=np.float32)
    else:
        w = np.asarray(w0).astype(np.float32)   # astype makes a copy
    b = F(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = F(b - lr * db)
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    X = np.asarray(X).astype(np.float32)
    y = np.asarray(y).astype(np.float32)
    lr = F(lr)
    N, D = X.shape
    w = np.zeros(D, dtype=np.float32) if w0 is None else np.asarray(w0).astype(np.float32)
    b = F(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            err = F(X[i] @ w + b - y[i])
            w = w - lr * F(2) * err * X[i]
            b = F(b - lr * F(2) * err)
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x).astype(np.float32)
    out = np.empty((x.shape[0], degree), dtype=np.float32)
    p = np.ones_like(x)
    for k in range(degree):
        p = p * x
        out[:, k] = p
    return out


def standardize(X):
    X = np.asarray(X).astype(np.float32)
    mean = X.mean(axis=0, dtype=np.float32)
    std = X.std(axis=0, dtype=np.float32)
    # a constant column (all values equal) gets std 1; in float32 its std is
    # often not exactly 0 because of rounding in the mean, so test max == min
    const = X.max(axis=0) == X.min(axis=0)
    std = np.where(const, F(1), std).astype(np.float32)
    return (X - mean) / std, mean, std
