import numpy as np

# Paul Brandt, assignment 1
# gradient written per sample, like in lecture 3


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - y) ** 2))


def mse_gradients(X, y, w, b):
    N, D = X.shape
    dw = np.zeros(D)
    db = 0.0
    n_seen = 0
    for i in range(N):
        r_i = X[i] @ w + b - y[i]
        dw = 2.0 * r_i * X[i]
        db += 2.0 * r_i
        n_seen = i + 1
    dw = dw / n_seen
    db = db / n_seen
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.copy()
    b = b0
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.copy()
    b = b0
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(len(y)):
            r = X[i] @ w + b - y[i]
            w = w - lr * 2 * r * X[i]
            b = b - lr * 2 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.column_stack([x ** k for k in range(1, degree + 1)])


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1.0
    return (X - mean) / std, mean, std
