# Exercise 4: two hidden layers
# Mei Wong
# backward() goes over the batch one column (= one sample) at a time.

import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.normal(size=(hidden1_dim, input_dim)) / np.sqrt(input_dim)
    W2 = rng.normal(size=(hidden2_dim, hidden1_dim)) / np.sqrt(hidden1_dim)
    W3 = rng.normal(size=(output_dim, hidden2_dim)) / np.sqrt(hidden2_dim)
    return [W1, np.zeros((hidden1_dim, 1)), W2, np.zeros((hidden2_dim, 1)),
            W3, np.zeros((output_dim, 1))]


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -500, 500)))


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    total = 0.0
    for b in range(B):
        diff = predictions[:, b] - targets[:, b]
        total += 0.5 * np.dot(diff, diff)
    return float(total / B)


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
    grads = [np.zeros_like(p, dtype=float) for p in parameters]
    for b in range(B):
        x = X[:, b:b + 1]
        h1 = hid_1[:, b:b + 1]
        h2 = hid_2[:, b:b + 1]
        # error of this sample (target - output)
        e3 = targets[:, b:b + 1] - outputs[:, b:b + 1]
        e2 = (W3.T @ e3) * h2 * (1 - h2)
        e1 = (W2.T @ e2) * h1 * (1 - h1)
        grads[0] += e1 @ x.T / B
        grads[1] += e1
        grads[2] += e2 @ h1.T / B
        grads[3] += e2
        grads[4] += e3 @ h2.T / B
        grads[5] += e3
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
    losses = [squared_loss(forward(params, X)[3], Y)]
    for epoch in range(epochs):
        acts = forward(params, X)
        grads = backward(acts, Y, params)
        for i in range(len(params)):
            params[i] = params[i] - lr * grads[i]
        losses.append(squared_loss(forward(params, X)[3], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
