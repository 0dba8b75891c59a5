# Diego Reyes -- two_hidden_mlp
# backward goes through the batch one column (sample) at a time
import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    m = x >= 0
    out[m] = 1 / (1 + np.exp(-x[m]))
    out[~m] = np.exp(x[~m]) / (1 + np.exp(x[~m]))
    return out


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.standard_normal((hidden1_dim, input_dim)) / np.sqrt(input_dim)
    W2 = rng.standard_normal((hidden2_dim, hidden1_dim)) / np.sqrt(hidden1_dim)
    W3 = rng.standard_normal((output_dim, hidden2_dim)) / np.sqrt(hidden2_dim)
    return [W1, np.zeros((hidden1_dim, 1)), W2, np.zeros((hidden2_dim, 1)), W3, np.zeros((output_dim, 1))]


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(np.sum(0.5 * (predictions - targets) ** 2) / B)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = sigmoid(W1 @ X + b1)
    h2 = sigmoid(W2 @ h1 + b2)
    return [X, h1, h2, W3 @ h2 + b3]


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    B = X.shape[1]
    dout = deriv_squared_loss(out, targets)
    dW1 = np.zeros_like(W1)
    db1 = np.zeros_like(b1)
    dW2 = np.zeros_like(W2)
    db2 = np.zeros_like(b2)
    dW3 = np.zeros_like(W3)
    db3 = np.zeros_like(b3)
    for j in range(B):
        d3 = dout[:, j:j + 1]
        dW3 = d3 @ h2[:, j:j + 1].T
        db3 = d3
        d2 = (W3.T @ d3) * h2[:, j:j + 1] * (1 - h2[:, j:j + 1])
        dW2 = d2 @ h1[:, j:j + 1].T
        db2 = d2
        d1 = (W2.T @ d2) * h1[:, j:j + 1] * (1 - h1[:, j:j + 1])
        dW1 = d1 @ X[:, j:j + 1].T
        db1 = d1
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
    return forward(parameters, X)[-1]
