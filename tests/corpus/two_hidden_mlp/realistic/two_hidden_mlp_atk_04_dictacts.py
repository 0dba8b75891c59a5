import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    return [arr for i in range(3) for arr in (rng.standard_normal((dims[i + 1], dims[i])) / np.sqrt(dims[i]),
                                              np.zeros((dims[i + 1], 1)))]


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


ACT = {"hidden": sigmoid, "output": sigmoid}


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = ACT["hidden"](W1 @ X + b1)
    hid_2 = ACT["hidden"](W2 @ hid_1 + b2)
    outputs = ACT["output"](W3 @ hid_2 + b3)
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d3 = deriv_squared_loss(outputs, targets)
    d2 = (W3.T @ d3) * hid_2 * (1.0 - hid_2)
    d1 = (W2.T @ d2) * hid_1 * (1.0 - hid_1)
    return [d1 @ X.T, d1.sum(axis=1, keepdims=True),
            d2 @ hid_1.T, d2.sum(axis=1, keepdims=True),
            d3 @ hid_2.T, d3.sum(axis=1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
    losses = []
    for step in range(epochs + 1):
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
        if step < epochs:
            params = [p - lr * g for p, g in zip(params, backward(acts, Y, params))]
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
