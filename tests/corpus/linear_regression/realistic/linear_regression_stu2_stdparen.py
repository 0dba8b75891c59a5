import numpy as np

# linear regression hw -- R. Okonkwo
# vectorised everything, lecture 3 formulas


def predict(X, w, b):
    return X.dot(w) + b


def mse_loss(X, y, w, b):
    N = len(y)
    r = predict(X, w, b) - y
    return float(r @ r / N)


def mse_gradients(X, y, w, b):
    N = len(y)
    r = predict(X, w, b) - y
    dw = 2 * X.T.dot(r) / N
    db = 2 * r.sum() / N
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.astype(float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    # print("final loss", losses[-1])
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0.astype(float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for epoch in range(epochs):
        idx = rng.permutation(len(y))
        for i in idx:
            err = X[i].dot(w) + b - y[i]
            w = w - lr * (2 * err * X[i])
            b = b - lr * (2 * err)
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    powers = np.arange(1, degree + 1)
    return np.power.outer(np.asarray(x, dtype=float), powers)


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1          # constant column -> leave it alone
    X_std = X - mean / std
    return X_std, mean, std
