"""Jun Tanaka - assignment 4 (two_hidden_mlp)

Backprop sample by sample: for every column b of the batch I run the chain
rule for that one sample and build the gradient.
"""
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.normal(0, 1 / np.sqrt(input_dim), size=(hidden1_dim, input_dim))
    W2 = rng.normal(0, 1 / np.sqrt(hidden1_dim), size=(hidden2_dim, hidden1_dim))
    W3 = rng.normal(0, 1 / np.sqrt(hidden2_dim), size=(output_dim, hidden2_dim))
    return [W1, np.zeros((hidden1_dim, 1)), W2, np.zeros((hidden2_dim, 1)), W3, np.zeros((output_dim, 1))]


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    L = 0.0
    for b in range(B):
        L += 0.5 * np.sum((predictions[:, b] - targets[:, b]) ** 2)
    return float(L / B)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = sigmoid(W1 @ X + b1)
    h2 = sigmoid(W2 @ h1 + b2)
    return [X, h1, h2, W3 @ h2 + b3]


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    B = X.shape[1]
    dout = deriv_squared_loss(out, targets)

    for b in range(B):
        x_b = X[:, [b]]
        h1_b = h1[:, [b]]
        h2_b = h2[:, [b]]
        d3 = dout[:, [b]]

        dW3 = d3 @ h2_b.T
        db3 = d3
        d2 = (W3.T @ d3) * h2_b * (1 - h2_b)
        dW2 = d2 @ h1_b.T
        db2 = d2
        d1 = (W2.T @ d2) * h1_b * (1 - h1_b)
        dW1 = d1 @ x_b.T
        db1 = d1

    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, copy=True) for p in parameters]
    losses = [squared_loss(forward(params, X)[3], Y)]
    for epoch in range(epochs):
        grads = backward(forward(params, X), Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(forward(params, X)[3], Y))
    return params, losses


def predict(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    return W3 @ sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2) + b3
