# Two hidden layers, column-major; backward one sample (column) at a time.  R. Oyelaran
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = (input_dim, hidden1_dim, hidden2_dim, output_dim)
    out = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        out += [rng.standard_normal((n_out, n_in)) * n_in ** -0.5, np.zeros((n_out, 1))]
    return out


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    total = 0.0
    for b in range(B):
        total += 0.5 * np.sum((predictions[:, b] - targets[:, b]) ** 2)
    return float(total / B)


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
    grads = [np.zeros_like(p, dtype=float) for p in parameters]
    B = X.shape[1]
    for b in range(B):
        x, a1, a2 = X[:, b:b + 1], h1[:, b:b + 1], h2[:, b:b + 1]
        d3 = (out[:, b:b + 1] - targets[:, b:b + 1]) / B
        d2 = (W3.T @ d3) * a2 * (1 - a2)
        d1 = (W2.T @ d2) * a1 * (1 - a1)
        for i, (d, a) in enumerate(((d1, x), (d2, a1), (d3, a2))):
            grads[2 * i] += d @ a.T
            grads[2 * i + 1] += d
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
    losses = [squared_loss(predict(params, X), Y)]
    for _ in range(epochs):
        g = backward(forward(params, X), Y, params)
        params = [p - lr * gi for p, gi in zip(params, g)]
        losses.append(squared_loss(predict(params, X), Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
