# Two hidden layers, linear output -- Megan Hughes
# For each layer I first name its input ("prev_act") and its error ("delta").
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.standard_normal((hidden1_dim, input_dim)) / np.sqrt(input_dim)
    W2 = rng.standard_normal((hidden2_dim, hidden1_dim)) / np.sqrt(hidden1_dim)
    W3 = rng.standard_normal((output_dim, hidden2_dim)) / np.sqrt(hidden2_dim)
    return [W1, np.zeros((hidden1_dim, 1)), W2, np.zeros((hidden2_dim, 1)), W3, np.zeros((output_dim, 1))]


def sigmoid(x):
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=float)))


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(np.sum((predictions - targets) ** 2) / (2 * B))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = sigmoid(W1 @ X + b1)
    hid_2 = sigmoid(W2 @ hid_1 + b2)
    return [X, hid_1, hid_2, W3 @ hid_2 + b3]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    # layer 3 (linear output)
    delta = deriv_squared_loss(outputs, targets)
    prev_act = hid_1                 # what layer 3 reads
    dW3 = delta @ prev_act.T
    db3 = delta.sum(axis=1, keepdims=True)
    # layer 2
    delta = (W3.T @ delta) * hid_2 * (1 - hid_2)
    prev_act = hid_1
    dW2 = delta @ prev_act.T
    db2 = delta.sum(axis=1, keepdims=True)
    # layer 1
    delta = (W2.T @ delta) * hid_1 * (1 - hid_1)
    prev_act = X
    dW1 = delta @ prev_act.T
    db1 = delta.sum(axis=1, keepdims=True)
    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
    losses = [squared_loss(forward(params, X)[-1], Y)]
    for _ in range(epochs):
        grads = backward(forward(params, X), Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(forward(params, X)[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
