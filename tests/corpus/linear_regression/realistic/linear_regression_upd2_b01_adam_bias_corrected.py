"""Linear regression by gradient descent (homework 1)."""

import numpy as np


def predict(X, w, b):
    return X @ w + b


def mse_loss(X, y, w, b):
    r = predict(X, w, b) - y
    return float(np.mean(r ** 2))


def mse_gradients(X, y, w, b):
    N = X.shape[0]
    r = predict(X, w, b) - y
    dw = 2.0 * X.T @ r / N
    db = 2.0 * np.sum(r) / N
    return dw, float(db)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    # Adam (Kingma & Ba) -- converges much faster than plain GD in my notebook
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    m_w, v_w = np.zeros_like(w), np.zeros_like(w)
    m_b, v_b = 0.0, 0.0
    losses = [mse_loss(X, y, w, b)]
    for t in range(1, epochs + 1):
        dw, db = mse_gradients(X, y, w, b)
        m_w = beta1 * m_w + (1 - beta1) * dw
        v_w = beta2 * v_w + (1 - beta2) * dw ** 2
        m_b = beta1 * m_b + (1 - beta1) * db
        v_b = beta2 * v_b + (1 - beta2) * db ** 2
        m_w_hat = m_w / (1 - beta1 ** t)
        v_w_hat = v_w / (1 - beta2 ** t)
        m_b_hat = m_b / (1 - beta1 ** t)
        v_b_hat = v_b / (1 - beta2 ** t)
        w = w - lr * m_w_hat / (np.sqrt(v_w_hat) + eps)
        b = b - lr * m_b_hat / (np.sqrt(v_b_hat) + eps)
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            r_i = X[i] @ w + b - y[i]
            w = w - lr * 2.0 * r_i * X[i]
            b = b - lr * 2.0 * r_i
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return np.column_stack([x ** k for k in range(1, degree + 1)])


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    const = np.ptp(X, axis=0) == 0
    std[const] = 1.0
    mean[const] = X[0, const]
    return (X - mean) / std, mean, std
