import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def affine(A, W, b):
    return A @ W + b


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.normal(0.0, 1.0, (n_in, n_hidden)), "b1": np.zeros(n_hidden),
            "W2": rng.normal(0.0, 1.0, (n_hidden, n_out)), "b2": np.zeros(n_out)}


def forward(params, X):
    W1, b1 = params["W1"], params["b1"]
    H = sigmoid(X @ W1 + b1)
    Y_hat = sigmoid(affine(H, params["W2"], params["b2"]))
    return Y_hat, (X, H, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, H, Y_hat = cache
    W1, b1, W2 = params["W1"], params["b1"], params["W2"]
    hidden_out = H
    d_out = 2.0 * (Y_hat - Y) / Y.size
    d2 = d_out * Y_hat * (1.0 - Y_hat)
    d1 = (d2 @ W2.T) * sigmoid_derivative(hidden_out)
    return {"W1": X.T @ d1, "b1": d1.sum(axis=0), "W2": H.T @ d2, "b2": d2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for _ in range(epochs):
        Y_hat, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
