"""Two hidden layer MLP (HW3) -- Jiwoo Lee."""

import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    parameters = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        parameters.append(rng.normal(0.0, 1.0 / np.sqrt(fan_in), size=(fan_out, fan_in)))
        parameters.append(np.zeros((fan_out, 1)))
    return parameters


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0,
                    1.0 / (1.0 + np.exp(-np.abs(x))),
                    np.exp(-np.abs(x)) / (1.0 + np.exp(-np.abs(x))))


def sigmoid_prime(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(0.5 * np.sum((predictions - targets) ** 2) / B)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def linear(W, A, b):
    return W @ A + b


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = sigmoid(linear(W1, X, b1))
    hid_2 = sigmoid(linear(W2, hid_1, b2))
    outputs = linear(W3, hid_2, b3)
    return [X, hid_1, hid_2, outputs]


def layer_grads(delta, A_prev):
    dW = delta @ A_prev.T
    db = np.sum(delta, axis=1, keepdims=True)
    return dW, db


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters

    delta3 = outputs - targets
    dW3, db3 = layer_grads(delta3, hid_2)

    delta2 = (W3.T @ delta3) * sigmoid_prime(hid_2)
    dW2, db2 = layer_grads(delta2, hid_1)

    delta1 = (W2.T @ delta2) * sigmoid_prime(hid_1)
    dW1, db1 = layer_grads(delta1, X)

    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    losses = [squared_loss(forward(params, X)[-1], Y)]
    for epoch in range(epochs):
        activations = forward(params, X)
        grads = backward(activations, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(forward(params, X)[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
