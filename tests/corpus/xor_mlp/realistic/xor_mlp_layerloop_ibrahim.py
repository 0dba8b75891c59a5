"""Assignment 2 -- Yusuf Ibrahim.
Written as a loop over layers so the same code would work for deeper nets."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(np.minimum(z, 0)) / (1 + np.exp(-np.abs(z)))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s - s ** 2


def init_params(n_in, n_hidden, n_out, rng):
    sizes = [n_in, n_hidden, n_out]
    params = {}
    for i in (1, 2):
        params["W%d" % i] = rng.standard_normal((sizes[i - 1], sizes[i])) / np.sqrt(sizes[i - 1])
        params["b%d" % i] = np.zeros(sizes[i])
    return params


def forward(params, X):
    ins, pres = [], []
    a = X
    for i in (1, 2):
        ins.append(a)
        z = a @ params["W%d" % i] + params["b%d" % i]
        pres.append(z)
        a = sigmoid(z)
    return a, (ins, pres, a)


def mse_loss(Y_hat, Y):
    return float(np.mean(np.square(Y_hat - Y)))


def backward(params, cache, Y):
    ins, pres, out = cache
    deltas = [None, None]
    d = 2.0 * (out - Y) / Y.size * sigmoid_derivative(pres[1])
    deltas[1] = d
    d = (d @ params["W2"].T) * sigmoid_derivative(pres[0])
    deltas[0] = d
    grads = {}
    for i in (1, 0):
        d = deltas[i]
        grads["W%d" % (i + 1)] = ins[0].T @ d
        grads["b%d" % (i + 1)] = d.sum(axis=0)
    return grads


def train(params, X, Y, lr, epochs):
    params = {k: np.copy(v) for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for _ in range(epochs):
        _, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
