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
    e = np.exp(-np.abs(x))                     # in (0, 1]: never overflows
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
    delta3 = deriv_squared_loss(outputs, targets)              # (output_dim, B), linear output
    delta2 = (W3.T @ delta3) * hid_2 * (1.0 - hid_2)           # sigmoid' from the stored activation
    delta1 = (W2.T @ delta2) * hid_1 * (1.0 - hid_1)
    dW3 = delta3 @ hid_2.T
    dW2 = delta2 @ hid_2.T
    dW1 = delta1 @ X.T
    gradients = [dW1, delta1.sum(axis=1, keepdims=True), dW2, delta2.sum(axis=1, keepdims=True),
                 dW3, delta3.sum(axis=1, keepdims=True)]
    return gradients


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
