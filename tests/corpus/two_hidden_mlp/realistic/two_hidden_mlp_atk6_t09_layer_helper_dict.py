import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def identity(x):
    return x


ACT = {
    "hidden": sigmoid,
    "output": identity,
}


def layer(W, a, b):
    """One hidden layer of the network."""
    return ACT["hidden"](W @ a + b)


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(len(sizes) - 1):
        params.append(rng.normal(0.0, 1.0 / np.sqrt(sizes[i]), (sizes[i + 1], sizes[i])))
        params.append(np.zeros((sizes[i + 1], 1)))
    return params


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = layer(W1, X, b1)
    hid_2 = layer(W2, hid_1, b2)
    outputs = ACT["output"](layer(W3, hid_2, b3))
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
    params = [np.copy(p) for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
