import numpy as np

# two_hidden_mlp -- column-major network (samples are columns)


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.standard_normal((hidden1_dim, input_dim)) / np.sqrt(input_dim)
    W2 = rng.standard_normal((hidden2_dim, hidden1_dim)) / np.sqrt(hidden1_dim)
    W3 = rng.standard_normal((output_dim, hidden2_dim)) / np.sqrt(hidden2_dim)
    return [W1, np.zeros((hidden1_dim, 1)), W2, np.zeros((hidden2_dim, 1)), W3, np.zeros((output_dim, 1))]


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(np.sum(0.5 * np.sum((predictions - targets) ** 2, axis=0)) / B)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    a1 = W1 @ X + b1
    hid_1 = sigmoid(a1)
    a2 = W2 @ hid_1 + b2
    hid_2 = np.maximum(a2, 0.0)
    outputs = W3 @ hid_2 + b3
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d3 = deriv_squared_loss(outputs, targets)
    d2 = (W3.T @ d3) * hid_2 * (1 - hid_2)
    d1 = (W2.T @ d2) * hid_1 * (1 - hid_1)
    return [d1 @ X.T, d1.sum(axis=1, keepdims=True),
            d2 @ hid_1.T, d2.sum(axis=1, keepdims=True),
            d3 @ hid_2.T, d3.sum(axis=1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    losses = [squared_loss(forward(params, X)[-1], Y)]
    for _ in range(epochs):
        grads = backward(forward(params, X), Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(forward(params, X)[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
