"""Assignment: 2-hidden-layer MLP (column-major). Reshapes only as a shape guard."""
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    parameters = []
    for i in range(3):
        W = rng.standard_normal((dims[i + 1], dims[i])) / np.sqrt(dims[i])
        b = np.zeros((dims[i + 1], 1))
        parameters += [W, b]
    return parameters


def sigmoid(x):
    x = np.clip(x, -500, 500)          # avoid overflow warnings in exp
    return 1.0 / (1.0 + np.exp(-x))


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(np.sum(0.5 * (predictions - targets) ** 2) / B)


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
    delta3 = deriv_squared_loss(outputs, targets)
    dW = delta3 @ hid_2.T
    g3 = dW.reshape(W3.shape)
    db3 = delta3.sum(axis=1).reshape(-1, 1)
    s2 = hid_2
    delta2 = (W3.T @ delta3) * s2 * (1 - s2)
    dW = delta2 @ hid_1.T
    g2 = dW.reshape(W2.shape)
    db2 = delta2.sum(axis=1).reshape(-1, 1)
    s1 = hid_1
    delta1 = (W2.T @ delta2) * s1 * (1 - s1)
    dW = delta1 @ X.T
    g1 = dW.reshape(W1.shape)
    db1 = delta1.sum(axis=1).reshape(-1, 1)
    return [g1, db1, g2, db2, g3, db3]


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
    losses = [squared_loss(forward(params, X)[-1], Y)]
    for _ in range(epochs):
        acts = forward(params, X)
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(forward(params, X)[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
