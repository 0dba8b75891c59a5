# Linear regression HW.
# Gradients go into buffers (like .grad in PyTorch) so that I can add up
# contributions from several batches if I want to.
import numpy as np

grad_w = None
grad_b = 0.0


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - y) ** 2))


def mse_gradients(X, y, w, b):
    global grad_w, grad_b
    if grad_w is None or grad_w.shape != np.shape(w):
        grad_w = np.zeros(np.shape(w))
        grad_b = 0.0
    r = predict(X, w, b) - y
    grad_w = grad_w + 2.0 * X.T @ r / len(y)
    grad_b = grad_b + 2.0 * float(np.mean(r))
    return grad_w, grad_b


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(len(y)):
            r = X[i] @ w + b - y[i]
            w = w - lr * 2.0 * r * X[i]
            b = b - lr * 2.0 * r
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    return np.column_stack([x ** k for k in range(1, degree + 1)]).astype(float)


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std < 1e-12] = 1.0
    return (X - mean) / std, mean, std
