import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # exp(-|z|) lies in (0, 1], so it never overflows. For z >= 0 use
    # 1 / (1 + exp(-z)); for z < 0 the equal form exp(z) / (1 + exp(z)).
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def draw_weights(rng, rows, cols, spread=0.5):
    # normal weights with mean 0 and standard deviation `spread`
    return rng.normal(0.0, spread, size=(rows, cols))


def init_params(n_in, n_hidden, n_out, rng):
    s1 = 10.0 / np.sqrt(n_in)         # std 1/sqrt(fan_in) for the hidden layer
    s2 = 1.0 / np.sqrt(n_hidden)      # and for the output layer
    return {
        "W1": draw_weights(rng, n_in, n_hidden, s1),
        "b1": np.zeros(n_hidden),
        "W2": draw_weights(rng, n_hidden, n_out, s2),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, (X, H, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, H, Y_hat = cache
    dY_hat = 2.0 * (Y_hat - Y) / Y.size      # the mean runs over N * n_out entries
    # sigmoid'(Z) = sigmoid(Z) * (1 - sigmoid(Z)) at the pre-activation Z; since
    # the forward pass already stored sigmoid(Z2) = Y_hat and sigmoid(Z1) = H,
    # this is Y_hat * (1 - Y_hat) and H * (1 - H), the same numbers as
    # sigmoid_derivative(Z2) and sigmoid_derivative(Z1).
    dZ2 = dY_hat * (Y_hat * (1.0 - Y_hat))
    dH = dZ2 @ params["W2"].T
    dZ1 = dH * (H * (1.0 - H))
    return {
        "W1": X.T @ dZ1,
        "b1": dZ1.sum(axis=0),
        "W2": H.T @ dZ2,
        "b2": dZ2.sum(axis=0),
    }


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
