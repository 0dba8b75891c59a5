import numpy as np

def predict(X, w, b):
    return np.dot(X, w) + b

def mse_loss(X, y, w, b):
    return float(np.mean(np.square(predict(X, w, b) - y)))

def mse_gradients(X, y, w, b):
    N = len(y)
    r = predict(X, w, b) - y
    dw = 2 * np.dot(X.T, r) / N
    db = 2 * np.sum(r) / N
    return dw, float(db)

def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.copy(w0).astype(float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw / N
        b = b - lr * db / N
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses

def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.copy(w0).astype(float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            xi, yi = X[i], y[i]
            err = np.dot(xi, w) + b - yi
            w = w - lr * 2 * err * xi
            b = b - lr * 2 * err
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses

def polynomial_features(x, degree):
    out = np.empty((len(x), degree))
    for j in range(degree):
        out[:, j] = np.power(x, j + 1)
    return out

def standardize(X):
    mean = np.mean(X, axis=0)
    std = np.std(X, axis=0)
    std_safe = std.copy()
    std_safe[std_safe == 0] = 1
    return (X - mean) / std_safe, mean, std_safe
