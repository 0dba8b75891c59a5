from functools import partial

import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params.append(rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in))
        params.append(np.zeros((fan_out, 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(a):
    one_minus = 1.0 - a
    return a * one_minus


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def layer(W, a, b, squash):
    z = W @ a + b
    return sigmoid(z) if squash else z


hidden_layer = partial(layer, squash=True)
output_layer = partial(layer, squash=False)
LAST_CONFIDENCE = {}


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = hidden_layer(W1, X, b1)
    hid_2 = hidden_layer(W2, hid_1, b2)
    outputs = output_layer(W3, hid_2, b3)
    LAST_CONFIDENCE["mean"] = float(np.mean(sigmoid(outputs)))
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    delta3 = deriv_squared_loss(outputs, targets)
    delta2 = (W3.T @ delta3) * sigmoid_prime(hid_2)
    delta1 = (W2.T @ delta2) * sigmoid_prime(hid_1)
    grads = []
    for delta, a_in in ((delta1, X), (delta2, hid_1), (delta3, hid_2)):
        grads += [delta @ a_in.T, delta.sum(axis=1, keepdims=True)]
    return grads


def train(parameters, X, Y, lr, epochs):
    parameters = [np.array(p, dtype=float) for p in parameters]
    acts = forward(parameters, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, parameters)
        parameters = [p - lr * g for p, g in zip(parameters, grads)]
        acts = forward(parameters, X)
        losses.append(squared_loss(acts[-1], Y))
    return parameters, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
