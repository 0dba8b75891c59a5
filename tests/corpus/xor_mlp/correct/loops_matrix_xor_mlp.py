# XOR network, homework 2.
# I do backprop one sample at a time with np.matrix (column vectors, like in
# the lecture slides) and add up the per-sample gradients.  Inputs/outputs of
# the handout functions are normal ndarrays.
import math
import numpy as np


def _sig_scalar(t):
    if t >= 0:
        return 1.0 / (1.0 + math.exp(-t))
    e = math.exp(t)
    return e / (1.0 + e)


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    for idx in np.ndindex(z.shape):
        out[idx] = _sig_scalar(z[idx])
    return out


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.uniform(-1.0, 1.0, size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.uniform(-1.0, 1.0, size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def _mats(params):
    # column-vector convention: h = sig(W1^T x + b1)
    W1 = np.matrix(np.array(params["W1"], dtype=float))
    b1 = np.matrix(np.array(params["b1"], dtype=float)).T
    W2 = np.matrix(np.array(params["W2"], dtype=float))
    b2 = np.matrix(np.array(params["b2"], dtype=float)).T
    return W1, b1, W2, b2


def forward(params, X):
    W1, b1, W2, b2 = _mats(params)
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    n_out = W2.shape[1]
    Y_hat = np.zeros((n, n_out))
    per_sample = []
    for i in range(n):
        x = np.matrix(X[i]).T                 # n_in x 1
        z1 = W1.T * x + b1                    # n_hidden x 1
        h = np.matrix(sigmoid(z1))
        z2 = W2.T * h + b2                    # n_out x 1
        yh = np.matrix(sigmoid(z2))
        per_sample.append((x, z1, h, z2, yh))
        Y_hat[i, :] = np.asarray(yh).ravel()
    return Y_hat, per_sample


def mse_loss(Y_hat, Y):
    Y_hat = np.asarray(Y_hat, dtype=float)
    Y = np.asarray(Y, dtype=float)
    total = 0.0
    for i in range(Y.shape[0]):
        for k in range(Y.shape[1]):
            total += (Y_hat[i, k] - Y[i, k]) ** 2
    return total / Y.size


def backward(params, cache, Y):
    W1, b1, W2, b2 = _mats(params)
    Y = np.asarray(Y, dtype=float)
    count = Y.size                              # loss is a mean over N * n_out entries
    dW1 = np.matrix(np.zeros(W1.shape))
    db1 = np.matrix(np.zeros(b1.shape))
    dW2 = np.matrix(np.zeros(W2.shape))
    db2 = np.matrix(np.zeros(b2.shape))
    for i, (x, z1, h, z2, yh) in enumerate(cache):
        y = np.matrix(Y[i]).T
        d_yh = 2.0 * (yh - y) / count
        delta2 = np.multiply(d_yh, np.multiply(yh, 1.0 - yh))
        delta1 = np.multiply(W2 * delta2, np.multiply(h, 1.0 - h))
        dW2 += h * delta2.T
        db2 += delta2
        dW1 += x * delta1.T
        db1 += delta1
    return {
        "W1": np.asarray(dW1),
        "b1": np.asarray(db1).ravel(),
        "W2": np.asarray(dW2),
        "b2": np.asarray(db2).ravel(),
    }


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, _ = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for epoch in range(epochs):
        Y_hat, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, _ = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    out = np.zeros(Y_hat.shape, dtype=int)
    for i in range(Y_hat.shape[0]):
        for k in range(Y_hat.shape[1]):
            out[i, k] = 1 if Y_hat[i, k] >= 0.5 else 0
    return out
