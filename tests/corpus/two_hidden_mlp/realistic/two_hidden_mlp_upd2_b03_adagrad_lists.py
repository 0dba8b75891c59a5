"""Two hidden layer network, column-major (one sample per column)."""

import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    parameters = []
    for i in range(3):
        W = rng.standard_normal((dims[i + 1], dims[i])) / np.sqrt(dims[i])
        b = np.zeros((dims[i + 1], 1))
        parameters += [W, b]
    return parameters


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(0.5 * np.sum((predictions - targets) ** 2) / B)


def deriv_squared_loss(predictions, targets):
    B = predictions.shape[1]
    return (predictions - targets) / B


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = sigmoid(W1 @ X + b1)
    hid_2 = sigmoid(W2 @ hid_1 + b2)
    outputs = W3 @ hid_2 + b3
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d3 = deriv_squared_loss(outputs, targets)
    dW3 = d3 @ hid_2.T
    db3 = np.sum(d3, axis=1, keepdims=True)
    d2 = (W3.T @ d3) * hid_2 * (1 - hid_2)
    dW2 = d2 @ hid_1.T
    db2 = np.sum(d2, axis=1, keepdims=True)
    d1 = (W2.T @ d2) * hid_1 * (1 - hid_1)
    dW1 = d1 @ X.T
    db1 = np.sum(d1, axis=1, keepdims=True)
    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    parameters = [p.copy() for p in parameters]
    # adagrad: per-parameter learning rates
    hist = [np.zeros_like(p) for p in parameters]
    acts = forward(parameters, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, parameters)
        hist = [h + g * g for h, g in zip(hist, grads)]
        parameters = [p - lr * g / (np.sqrt(h) + 1e-8) for p, g, h in zip(parameters, grads, hist)]
        acts = forward(parameters, X)
        losses.append(squared_loss(acts[-1], Y))
    return parameters, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
