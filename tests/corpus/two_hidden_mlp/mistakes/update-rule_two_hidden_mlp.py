# Two hidden layers, sigmoid, linear output. Columns are samples.
# I did the backward pass one sample at a time first (easier to get the
# shapes right for a single column) and then just add up the gradients.
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.normal(0.0, 1.0 / np.sqrt(input_dim), size=(hidden1_dim, input_dim))
    b1 = np.zeros((hidden1_dim, 1))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(hidden1_dim), size=(hidden2_dim, hidden1_dim))
    b2 = np.zeros((hidden2_dim, 1))
    W3 = rng.normal(0.0, 1.0 / np.sqrt(hidden2_dim), size=(output_dim, hidden2_dim))
    b3 = np.zeros((output_dim, 1))
    return [W1, b1, W2, b2, W3, b3]


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


def squared_loss(predictions, targets):
    n = predictions.shape[1]
    total = 0.0
    for i in range(n):
        diff = predictions[:, i] - targets[:, i]
        total += 0.5 * np.dot(diff, diff)
    return float(total / n)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = sigmoid(np.dot(W1, X) + b1)
    hid_2 = sigmoid(np.dot(W2, hid_1) + b2)
    outputs = np.dot(W3, hid_2) + b3
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    grads = [np.zeros_like(p, dtype=float) for p in parameters]
    dout_all = deriv_squared_loss(outputs, targets)
    n = X.shape[1]
    for i in range(n):
        # one column at a time, kept 2-D with i:i+1
        x = X[:, i:i + 1]
        h1 = hid_1[:, i:i + 1]
        h2 = hid_2[:, i:i + 1]
        d3 = dout_all[:, i:i + 1]
        d2 = np.dot(W3.T, d3) * h2 * (1 - h2)
        d1 = np.dot(W2.T, d2) * h1 * (1 - h1)
        grads[0] += np.dot(d1, x.T)
        grads[1] += d1
        grads[2] += np.dot(d2, h1.T)
        grads[3] += d2
        grads[4] += np.dot(d3, h2.T)
        grads[5] += d3
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    losses = [squared_loss(forward(params, X)[-1], Y)]
    for epoch in range(epochs):
        acts = forward(params, X)
        grads = backward(acts, Y, params)
        for k in range(len(params)):
            params[k] = params[k] + lr * grads[k]
        losses.append(squared_loss(forward(params, X)[-1], Y))
    return params, losses


def predict(parameters, X):
    acts = forward(parameters, X)
    return acts[3]
