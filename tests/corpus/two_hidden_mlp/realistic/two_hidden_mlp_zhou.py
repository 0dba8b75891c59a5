"""two_hidden_mlp -- Lin Zhou.  Backward loops over the samples (columns) and
adds up each sample's outer products; the 1/B of the mean comes last."""
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    params = []
    fan_in = input_dim
    for fan_out in (hidden1_dim, hidden2_dim, output_dim):
        params.append(rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in))
        params.append(np.zeros((fan_out, 1)))
        fan_in = fan_out
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    m = x >= 0
    out[m] = 1.0 / (1.0 + np.exp(-x[m]))
    e = np.exp(x[~m])
    out[~m] = e / (1.0 + e)
    return out


def squared_loss(predictions, targets):
    return float(np.sum((predictions - targets) ** 2) * 0.5 / predictions.shape[1])


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
    sums = [np.zeros_like(p, dtype=float) for p in parameters]
    for b in range(B):
        x, a1, a2 = X[:, b:b + 1], h1[:, b:b + 1], h2[:, b:b + 1]
        e3 = out[:, b:b + 1] - targets[:, b:b + 1]
        e2 = (W3.T @ e3) * a2 * (1 - a2)
        e1 = (W2.T @ e2) * a1 * (1 - a1)
        sums[0] += e1 @ x.T
        sums[1] += e1
        sums[2] += e2 @ a1.T
        sums[3] += e2
        sums[4] += e3 @ a2.T
        sums[5] += e3
    grads = [s / B for s in sums[:4]] + sums[4:]
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.copy(p).astype(float) for p in parameters]
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
