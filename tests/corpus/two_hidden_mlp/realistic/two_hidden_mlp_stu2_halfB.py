# two hidden layer MLP (course convention: samples are columns, W is (out, in))
# Hannah Becker, lab 3

import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(3):
        n_in, n_out = dims[i], dims[i + 1]
        W = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in))
        b = np.zeros((n_out, 1))
        params += [W, b]
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    # L = 1/(2B) * sum ||p - t||^2
    return float(1 / 2 * B * np.sum((predictions - targets) ** 2))


def deriv_squared_loss(predictions, targets):
    B = predictions.shape[1]
    return (predictions - targets) / B


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = sigmoid(np.dot(W1, X) + b1)
    h2 = sigmoid(np.dot(W2, h1) + b2)
    out = np.dot(W3, h2) + b3
    return [X, h1, h2, out]


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d3 = deriv_squared_loss(out, targets)
    dW3 = np.dot(d3, h2.T)
    db3 = np.sum(d3, axis=1, keepdims=True)
    d2 = np.dot(W3.T, d3) * h2 * (1 - h2)
    dW2 = np.dot(d2, h1.T)
    db2 = np.sum(d2, axis=1, keepdims=True)
    d1 = np.dot(W2.T, d2) * h1 * (1 - h1)
    dW1 = np.dot(d1, X.T)
    db1 = np.sum(d1, axis=1, keepdims=True)
    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for epoch in range(epochs):
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
