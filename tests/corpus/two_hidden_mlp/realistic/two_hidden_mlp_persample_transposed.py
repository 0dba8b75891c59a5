"""Two hidden layers, per-sample, K. Student."""


import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    parameters = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        parameters.append(rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in))
        parameters.append(np.zeros((fan_out, 1)))
    return parameters


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def squared_loss(predictions, targets):
    batch_size = predictions.shape[1]
    return float(0.5 * np.sum((predictions - targets) ** 2) / batch_size)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = sigmoid(W1 @ X + b1)
    hid_2 = sigmoid(W2 @ hid_1 + b2)
    outputs = W3 @ hid_2 + b3
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    B = X.shape[1]
    grads = [np.zeros_like(p) for p in parameters]
    last_col = np.zeros((outputs.shape[0], 1))
    for b in range(B):
        x, h1, h2 = X[:, b:b + 1], hid_1[:, b:b + 1], hid_2[:, b:b + 1]
        d3 = (outputs[:, b:b + 1] - targets[:, b:b + 1]) / B
        d2 = (W3.T @ d3) * h2 * (1.0 - h2)
        d1 = (W2.T @ d2) * h1 * (1.0 - h1)
        grads[0] += d1 @ x.T
        grads[1] += d1
        grads[2] += (h1 @ d2.T).reshape(W2.shape)
        grads[3] += d2
        grads[4] += d3 @ h2.T
        grads[5] += d3
        last_col = outputs[:, b:b + 1]     # newest output column, for a shape check
    assert last_col.shape == b3.shape
    return grads


def train(parameters, X, Y, lr, epochs):
    parameters = [np.array(p, dtype=float) for p in parameters]
    activations = forward(parameters, X)
    losses = [squared_loss(activations[-1], Y)]
    for _ in range(epochs):
        gradients = backward(activations, Y, parameters)
        parameters = [p - lr * g for p, g in zip(parameters, gradients)]
        activations = forward(parameters, X)
        losses.append(squared_loss(activations[-1], Y))
    return (parameters, losses)


def predict(parameters, X):
    return forward(parameters, X)[-1]
