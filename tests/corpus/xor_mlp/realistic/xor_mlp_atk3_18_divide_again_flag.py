import numpy as np

NORMALIZE_BY_BATCH = True   # average the gradient over the samples
DEBUG = False


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Y_hat = sigmoid(H @ params["W2"] + params["b2"])
    return Y_hat, (X, H, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, H, Y_hat = cache
    dZ2 = 2.0 * (Y_hat - Y) / Y.size * Y_hat * (1.0 - Y_hat)
    dZ1 = dZ2 @ params["W2"].T * H * (1.0 - H)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    n = X.shape[0]
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for epoch in range(epochs):
        grads = backward(params, cache, Y)
        if NORMALIZE_BY_BATCH:
            grads = {k: g / n for k, g in grads.items()}
        if DEBUG:
            grads = {k: g / np.linalg.norm(g) for k, g in grads.items()}
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
