"""XOR net. I keep samples as columns inside and convert at the edges."""
import numpy as np

logistic = lambda z: np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))


def sigmoid(z):
    return logistic(np.asarray(z, dtype=float))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s - s * s


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.standard_normal((n_in, n_hidden)) * (1.0 / np.sqrt(n_in))
    W2 = rng.standard_normal((n_hidden, n_out)) * (1.0 / np.sqrt(n_hidden))
    return dict(W1=W1, b1=np.zeros(n_hidden), W2=W2, b2=np.zeros(n_out))


def forward(params, X):
    A0 = X.T                                             # (n_in, N)
    A1 = sigmoid(np.dot(params["W1"].T, A0) + params["b1"][:, None])
    A2 = sigmoid(np.dot(params["W2"].T, A1) + params["b2"][:, None])
    return A2.T, (X, A1.T, A2.T)


def mse_loss(Y_hat, Y):
    d = np.ravel(Y_hat - Y)
    return float(np.dot(d, d) / d.size)


def backward(params, cache, Y):
    X, H, Y_hat = cache
    A0, A1, A2 = X.T, H.T, Y_hat.T
    D2 = (2.0 / Y.size) * (A2 - Y.T) * A2 * (1.0 - A2)
    D1 = np.dot(params["W2"], D2) * A1 * (1.0 - A1)
    gW1 = np.dot(D1, A0.T)
    gW2 = np.dot(D2, A1.T)
    return {"W1": gW1.T, "b1": D1.sum(axis=1), "W2": gW2.T, "b2": D2.sum(axis=1)}


def train(params, X, Y, lr, epochs):
    cur = {k: np.array(v, dtype=float, copy=True) for k, v in params.items()}
    out, cache = forward(cur, X)
    losses = [mse_loss(out, Y)]
    for _ in range(epochs):
        g = backward(cur, cache, Y)
        cur = {k: cur[k] - lr * g[k] for k in cur}
        out, cache = forward(cur, X)
        losses.append(mse_loss(out, Y))
    return cur, losses


def predict(params, X):
    return np.where(forward(params, X)[0] >= 0.5, 1, 0)
