"""Exercise 4: MLP with two sigmoid hidden layers and a linear output.
Igor Kowalski.

Backprop is written for ONE sample (a single column) and the batch gradient
is the average of the per-sample gradients -- that is exactly what the
1/B in the loss means.
"""
import math

import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    layer_dims = (input_dim, hidden1_dim, hidden2_dim, output_dim)
    params = []
    for n_in, n_out in zip(layer_dims, layer_dims[1:]):
        params.append(rng.normal(0.0, 1.0 / math.sqrt(n_in), size=(n_out, n_in)))
        params.append(np.zeros((n_out, 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    # exp only ever sees non-positive numbers
    return np.where(x < 0, np.exp(np.minimum(x, 0)) / (1 + np.exp(np.minimum(x, 0))),
                    1 / (1 + np.exp(-np.maximum(x, 0))))


def squared_loss(predictions, targets):
    per_sample = 0.5 * np.sum((predictions - targets) ** 2, axis=0)
    return float(per_sample.mean())


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = sigmoid(W1 @ X + b1)
    hid_2 = sigmoid(W2 @ hid_1 + b2)
    return [X, hid_1, hid_2, W3 @ hid_2 + b3]


def _sample_gradients(x, h1, h2, out, t, W2, W3):
    """gradients of 0.5 * ||out - t||^2 for one sample (1-D vectors)"""
    e3 = out - t
    e2 = (W3.T @ e3) * h2 * (1 - h2)
    e1 = (W2.T @ e2) * h1 * (1 - h1)
    return [np.outer(e1, x), e1, np.outer(e2, h1), e2, np.outer(e3, h2), e3]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W2, W3 = parameters[2], parameters[4]
    B = X.shape[1]
    total = [np.zeros(p.shape) for p in parameters]
    for b in range(B):
        g = _sample_gradients(X[:, b], hid_1[:, b], hid_2[:, b], outputs[:, b], targets[:, b], W2, W3)
        for k in range(6):
            total[k] = total[k] + g[k].reshape(total[k].shape)
    return [t / B for t in total]


def train(parameters, X, Y, lr, epochs):
    current = [np.array(p, dtype=float, copy=True) for p in parameters]
    losses = [squared_loss(predict(current, X), Y)]
    for _ in range(epochs):
        grads = backward(forward(current, X), Y, current)
        current = [p - lr * g for p, g in zip(current, grads)]
        losses.append(squared_loss(predict(current, X), Y))
    return current, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
