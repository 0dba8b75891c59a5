import numpy as np

def predict(X, w, b):
    return X @ w + b

def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - y) ** 2))

def mse_gradients(X, y, w, b):
    N = X.shape[0]
    r = predict(X, w, b) - y
    dw = 2.0 / N * (X.T @ r)
    db = 2.0 * float(np.mean(r))
    return (dw, db)

def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return (w, b, losses)

def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            r = y[i] - (X[i] @ w + b)
            w += lr * 2.0 * r * X[i]
            b += lr * 2.0 * r
        losses.append(mse_loss(X, y, w, b))
    return (w, b, losses)

def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return x[:, None] ** np.arange(1, degree + 1)

def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    constant = np.ptp(X, axis=0) == 0
    std[constant] = 1.0
    mean[constant] = X[0, constant]
    return ((X - mean) / std, mean, std)
