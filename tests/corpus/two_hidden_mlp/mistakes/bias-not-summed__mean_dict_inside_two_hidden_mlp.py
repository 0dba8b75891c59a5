# Ivan Petrov
# two_hidden_mlp: I keep the parameters in a dict inside my code (easier to read),
# and convert from / to the list the assignment wants.

import numpy as np

KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"]


def to_dict(parameters):
    return {k: v for k, v in zip(KEYS, parameters)}


def to_list(d):
    return [d[k] for k in KEYS]


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    p = {}
    p["W1"] = rng.normal(size=(hidden1_dim, input_dim)) / np.sqrt(input_dim)
    p["b1"] = np.zeros((hidden1_dim, 1))
    p["W2"] = rng.normal(size=(hidden2_dim, hidden1_dim)) / np.sqrt(hidden1_dim)
    p["b2"] = np.zeros((hidden2_dim, 1))
    p["W3"] = rng.normal(size=(output_dim, hidden2_dim)) / np.sqrt(hidden2_dim)
    p["b3"] = np.zeros((output_dim, 1))
    return to_list(p)


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    m = x >= 0
    out[m] = 1 / (1 + np.exp(-x[m]))
    out[~m] = np.exp(x[~m]) / (1 + np.exp(x[~m]))
    return out


def squared_loss(predictions, targets):
    B = targets.shape[1]
    return float(np.sum((predictions - targets) ** 2) / (2 * B))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / targets.shape[1]


def forward(parameters, X):
    p = to_dict(parameters)
    h1 = sigmoid(p["W1"] @ X + p["b1"])
    h2 = sigmoid(p["W2"] @ h1 + p["b2"])
    out = p["W3"] @ h2 + p["b3"]
    return [X, h1, h2, out]


def backward(activations, targets, parameters):
    p = to_dict(parameters)
    X, h1, h2, out = activations
    g = {}
    d3 = deriv_squared_loss(out, targets)
    g["W3"] = d3 @ h2.T
    g["b3"] = np.mean(d3, axis=1, keepdims=True)   # bias gets the average error over the batch
    d2 = (p["W3"].T @ d3) * h2 * (1 - h2)
    g["W2"] = d2 @ h1.T
    g["b2"] = np.mean(d2, axis=1, keepdims=True)
    d1 = (p["W2"].T @ d2) * h1 * (1 - h1)
    g["W1"] = d1 @ X.T
    g["b1"] = np.mean(d1, axis=1, keepdims=True)
    return to_list(g)


def train(parameters, X, Y, lr, epochs):
    p = [x.copy() for x in parameters]
    losses = [squared_loss(predict(p, X), Y)]
    for ep in range(epochs):
        grads = backward(forward(p, X), Y, p)
        p = [a - lr * b for a, b in zip(p, grads)]
        losses.append(squared_loss(predict(p, X), Y))
    return p, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
