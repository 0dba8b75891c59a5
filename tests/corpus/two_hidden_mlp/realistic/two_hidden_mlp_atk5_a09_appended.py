import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    return [arr for n_in, n_out in zip(dims[:-1], dims[1:])
            for arr in (rng.standard_normal((n_out, n_in)) / np.sqrt(n_in), np.zeros((n_out, 1)))]


def squared_loss(predictions, targets):
    return float(np.sum((predictions - targets) ** 2) / (2 * predictions.shape[1]))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    Ws, bs = parameters[::2], parameters[1::2]
    nonlin = [sigmoid, sigmoid]      # the two hidden layers
    nonlin.append(sigmoid)           # the output layer
    a = X
    out = [a]
    for W, b, g in zip(Ws, bs, nonlin):
        a = g(W @ a + b)
        out.append(a)
    return out


def backward(activations, targets, parameters):
    Ws = parameters[::2]
    d = deriv_squared_loss(activations[3], targets)
    grads = [None] * 6
    for l in (2, 1, 0):
        grads[2 * l] = d @ activations[l].T
        grads[2 * l + 1] = d.sum(axis=1, keepdims=True)
        if l:
            h = activations[l]
            d = (Ws[l].T @ d) * (h - h * h)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
