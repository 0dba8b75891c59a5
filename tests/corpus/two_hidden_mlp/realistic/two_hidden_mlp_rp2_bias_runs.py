"""Two-hidden-layer network, column samples. Backward goes sample by sample."""
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
    delta3 = deriv_squared_loss(outputs, targets)
    delta2 = (W3.T @ delta3) * hid_2 * (1.0 - hid_2)
    delta1 = (W2.T @ delta2) * hid_1 * (1.0 - hid_1)
    grads = [np.zeros_like(p, dtype=float) for p in parameters]
    acc1 = np.zeros_like(b1, dtype=float)
    acc2 = np.zeros_like(b2, dtype=float)
    acc3 = np.zeros_like(b3, dtype=float)
    for i in range(X.shape[1]):
        grads[0] += np.outer(delta1[:, i], X[:, i])
        grads[2] += np.outer(delta2[:, i], hid_1[:, i])
        grads[4] += np.outer(delta3[:, i], hid_2[:, i])
        acc1 = delta1[:, i:i + 1]
        acc2 = delta2[:, i:i + 1]
        acc3 = delta3[:, i:i + 1]
        grads[1] = acc1
        grads[3] = acc2
        grads[5] = acc3
    return grads


def train(parameters, X, Y, lr, epochs):
    parameters = [np.array(p, dtype=float) for p in parameters]
    activations = forward(parameters, X)
    losses = [squared_loss(activations[-1], Y)]
    for _ in range(epochs):
        grads = backward(activations, Y, parameters)
        parameters = [p - lr * g for p, g in zip(parameters, grads)]
        activations = forward(parameters, X)
        losses.append(squared_loss(activations[-1], Y))
    return parameters, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
