"""Two hidden sigmoid layers, linear output. Samples are columns."""
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    parameters = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        parameters.append(rng.standard_normal((n_out, n_in)) / np.sqrt(n_in))
        parameters.append(np.zeros((n_out, 1)))
    return parameters


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    s1 = W1 @ X + b1
    z1 = np.where(np.abs(s1) < 700.0, s1, 700.0 * np.sign(s1))   # no overflow in exp
    hid_1 = 1.0 / (1.0 + np.exp(-z1))
    hid_2 = sigmoid(W2 @ z1 + b2)
    outputs = W3 @ hid_2 + b3
    return [X, z1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    delta3 = deriv_squared_loss(outputs, targets)
    delta2 = (W3.T @ delta3) * hid_2 * (1.0 - hid_2)
    delta1 = (W2.T @ delta2) * hid_1 * (1.0 - hid_1)
    return [delta1 @ X.T, delta1.sum(axis=1, keepdims=True),
            delta2 @ hid_1.T, delta2.sum(axis=1, keepdims=True),
            delta3 @ hid_2.T, delta3.sum(axis=1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    parameters = [np.array(p, dtype=float) for p in parameters]
    activations = forward(parameters, X)
    losses = [squared_loss(activations[-1], Y)]
    for _ in range(epochs):
        gradients = backward(activations, Y, parameters)
        parameters = [p - lr * g for p, g in zip(parameters, gradients)]
        activations = forward(parameters, X)
        losses.append(squared_loss(activations[-1], Y))
    return parameters, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
