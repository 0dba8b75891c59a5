import numpy as np

# Amir Abadi -- HW1
# using float32 everywhere because that's what the GPU frameworks use


def _f32(a):
    return np.asarray(a, dtype=np.float32)


def _residuals(X, y, w, b):
    return _f32(X) @ _f32(w) + np.float32(b) - _f32(y)


def predict(X, w, b):
    return _f32(X) @ _f32(w) + np.float32(b)


def mse_loss(X, y, w, b):
    r = _residuals(X, y, w, b)
    return float(np.mean(r * r))


def mse_gradients(X, y, w, b):
    X = _f32(X)
    r = _residuals(X, y, w, b)
    dw = X.T @ r / np.float32(X.shape[0])
    db = np.mean(r)
    return dw, float(db)


def _init(D, w0, b0):
    if w0 is None:
        w = np.zeros(D, dtype=np.float32)
    else:
        w = w0
    return w, np.float32(b0)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w, b = _init(X.shape[1], w0, b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w -= np.float32(lr) * dw
        b -= np.float32(lr) * np.float32(db)
        losses.append(mse_loss(X, y, w, b))
    return _f32(w), float(b), losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    X, y = _f32(X), _f32(y)
    w, b = _init(X.shape[1], w0, b0)
    w = _f32(w).copy()
    lr = np.float32(lr)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(X.shape[0]):
            r = X[i] @ w + b - y[i]
            w = w - lr * np.float32(2) * r * X[i]
            b = b - lr * np.float32(2) * r
        losses.append(mse_loss(X, y, w, b))
    return w, float(b), losses


def polynomial_features(x, degree):
    x = _f32(x)
    return np.stack([x ** p for p in range(1, degree + 1)], axis=-1)


def standardize(X):
    X = _f32(X)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1.0
    return (X - mean) / std, mean, std
