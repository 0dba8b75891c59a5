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


VERBOSE = False


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    smooth = losses[0]
    sq_sum = {k: np.zeros_like(v) for k, v in params.items()}
    for epoch in range(epochs):
        grads = backward(params, cache, Y)
        for k in params:
            sq_sum[k] = sq_sum[k] + grads[k] ** 2
            params[k] = params[k] - lr * grads[k]
        eff = {k: lr / np.sqrt(sq_sum[k].mean() + 1e-8) for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
        smooth = 0.9 * smooth + 0.1 * losses[-1]
        if VERBOSE and epoch % 100 == 0:
            print(epoch, smooth, eff)
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
