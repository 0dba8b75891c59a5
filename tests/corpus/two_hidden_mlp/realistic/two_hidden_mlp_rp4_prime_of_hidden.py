import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.standard_normal((hidden1_dim, input_dim)) / np.sqrt(input_dim)
    W2 = rng.standard_normal((hidden2_dim, hidden1_dim)) / np.sqrt(hidden1_dim)
    W3 = rng.standard_normal((output_dim, hidden2_dim)) / np.sqrt(hidden2_dim)
    return [W1, np.zeros((hidden1_dim, 1)), W2, np.zeros((hidden2_dim, 1)), W3, np.zeros((output_dim, 1))]


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(z):
    """derivative of the sigmoid at the pre-activation z"""
    s = sigmoid(z)
    return s * (1.0 - s)


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(np.sum((predictions - targets) ** 2) / (2.0 * B))


def deriv_squared_loss(predictions, targets):
    B = predictions.shape[1]
    return (predictions - targets) / B


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    z1 = np.dot(W1, X) + b1
    hid_1 = sigmoid(z1)
    z2 = np.dot(W2, hid_1) + b2
    hid_2 = sigmoid(z2)
    outputs = np.dot(W3, hid_2) + b3
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    # the pre-activations are not in the activations list: recompute them
    z1 = np.dot(W1, X) + b1
    z2 = np.dot(W2, hid_1) + b2
    delta3 = deriv_squared_loss(outputs, targets)
    delta2 = np.dot(W3.T, delta3) * sigmoid_prime(z2)
    delta1 = np.dot(W2.T, delta2) * sigmoid_prime(hid_1)
    return [np.dot(delta1, X.T), delta1.sum(axis=1, keepdims=True),
            np.dot(delta2, hid_1.T), delta2.sum(axis=1, keepdims=True),
            np.dot(delta3, hid_2.T), delta3.sum(axis=1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    params = [p.astype(float).copy() for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
