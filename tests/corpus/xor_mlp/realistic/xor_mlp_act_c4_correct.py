from functools import reduce

import numpy as np

sigmoid = lambda z: 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))
sigmoid_derivative = lambda z: sigmoid(z) * (1.0 - sigmoid(z))


def init_params(n_in, n_hidden, n_out, rng):
    shapes = {"W1": (n_in, n_hidden), "W2": (n_hidden, n_out)}
    params = {k: rng.standard_normal(s) / np.sqrt(s[0]) for k, s in shapes.items()}
    params.update(b1=np.zeros(n_hidden), b2=np.zeros(n_out))
    return {k: params[k] for k in ("W1", "b1", "W2", "b2")}


def forward(params, X):
    layers = [(params["W1"], params["b1"]), (params["W2"], params["b2"])]
    trail = reduce(lambda acc, wb: acc + [sigmoid(acc[-1] @ wb[0] + wb[1])], layers, [X])
    Y_hat = np.maximum(trail[-1], 0.0)
    return Y_hat, trail


def mse_loss(Y_hat, Y):
    return float(np.sum((Y_hat - Y) ** 2) / Y_hat.size)


def backward(params, cache, Y):
    X, H, Y_hat = cache
    dZ2 = 2.0 * (Y_hat - Y) / Y.size * Y_hat * (1.0 - Y_hat)
    dZ1 = dZ2 @ params["W2"].T * H * (1.0 - H)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = dict(params)
    losses = []
    for e in range(epochs + 1):
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
        if e < epochs:
            grads = backward(params, cache, Y)
            params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def predict(params, X):
    return np.where(forward(params, X)[0] >= 0.5, 1, 0)
