# Two hidden layers, column-major (samples are columns).  C. Ionescu
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(3):
        params.append(rng.normal(0.0, 1.0 / np.sqrt(dims[i]), size=(dims[i + 1], dims[i])))
        params.append(np.zeros((dims[i + 1], 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(0.5 * np.sum((predictions - targets) ** 2) / B)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    z1 = W1 @ X + b1
    hid_1 = sigmoid(z1)
    z2 = W2 @ hid_1 + b2
    hid_2 = z2 * (z2 > 0)
    outputs = W3 @ hid_2 + b3
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d3 = deriv_squared_loss(out, targets)
    d2 = (W3.T @ d3) * h2 * (1 - h2)
    d1 = (W2.T @ d2) * h1 * (1 - h1)
    return [d1 @ X.T, d1.sum(axis=1, keepdims=True),
            d2 @ h1.T, d2.sum(axis=1, keepdims=True),
            d3 @ h2.T, d3.sum(axis=1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    losses = [squared_loss(forward(params, X)[-1], Y)]
    for _ in range(epochs):
        grads = backward(forward(params, X), Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(forward(params, X)[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
