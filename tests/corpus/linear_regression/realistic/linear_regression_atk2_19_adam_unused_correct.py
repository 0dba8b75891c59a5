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
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    beta1, beta2 = 0.9, 0.999
    losses = [mse_loss(X, y, w, b)]
    for t in range(1, epochs + 1):
        dw, db = mse_gradients(X, y, w, b)
        m_w = beta1 * m_w + (1 - beta1) * dw
        v_w = beta2 * v_w + (1 - beta2) * dw ** 2
        m_b = beta1 * m_b + (1 - beta1) * db
        v_b = beta2 * v_b + (1 - beta2) * db ** 2
        v_hat = v_w / (1 - beta2 ** t)
        adam_dir = (m_w / (1 - beta1 ** t)) / (np.sqrt(v_hat) + 1e-8)   # kept to compare with plain GD later
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses


class _Sample:
    def __init__(self, x, target):
        self.x, self.target = x, target

    def grads(self, w, b):
        r = self.x @ w + b - self.target
        return 2.0 * r * self.x, 2.0 * r


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    N, D = X.shape
    w = np.zeros(D) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    samples = [_Sample(X[i], y[i]) for i in range(N)]
    losses = [mse_loss(X, y, w, b)]
    for _ in range(epochs):
        for i in rng.permutation(N):
            gw, gb = samples[i].grads(w, b)
            w, b = w - lr * gw, b - lr * gb
        losses.append(mse_loss(X, y, w, b))
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
