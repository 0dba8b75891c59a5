# two hidden layers, column-major. Backward done one sample (column) at a time
# because that's how we derived it in lecture.
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.standard_normal((hidden1_dim, input_dim)) / np.sqrt(input_dim)
    W2 = rng.standard_normal((hidden2_dim, hidden1_dim)) / np.sqrt(hidden1_dim)
    W3 = rng.standard_normal((output_dim, hidden2_dim)) / np.sqrt(hidden2_dim)
    return [W1, np.zeros((hidden1_dim, 1)), W2, np.zeros((hidden2_dim, 1)), W3, np.zeros((output_dim, 1))]


def sigmoid(x):
    x = np.clip(np.asarray(x, dtype=float), -700, 700)
    return 1.0 / (1.0 + np.exp(-x))


def squared_loss(predictions, targets):
    per_sample = 0.5 * np.sum((predictions - targets) ** 2, axis=0)
    return float(np.mean(per_sample))


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
    grads = [np.zeros_like(p) for p in parameters]
    dout = deriv_squared_loss(outputs, targets)
    for j in range(X.shape[1]):
        x, h1, h2 = X[:, j], hid_1[:, j], hid_2[:, j]
        d3 = dout[:, j]
        d2 = (W3.T @ d3) * h2 * (1 - h2)
        d1 = (W2.T @ d2) * h1 * (1 - h1)
        grads[4] += np.outer(d3, h2)
        grads[5] += d3[:, None]
        grads[2] += np.outer(h1, d2).reshape(W2.shape)
        grads[3] += d2[:, None]
        grads[0] += np.outer(d1, x)
        grads[1] += d1[:, None]
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p) for p in parameters]
    losses = [squared_loss(predict(params, X), Y)]
    for _ in range(epochs):
        g = backward(forward(params, X), Y, params)
        params = [params[i] - lr * g[i] for i in range(6)]
        losses.append(squared_loss(predict(params, X), Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
