"""Column-major two-hidden-layer network; `dense` applies the sigmoid unless told not to."""
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    shapes = [(hidden1_dim, input_dim), (hidden2_dim, hidden1_dim), (output_dim, hidden2_dim)]
    params = []
    for out_dim, in_dim in shapes:
        params.append(rng.standard_normal((out_dim, in_dim)) / np.sqrt(in_dim))
        params.append(np.zeros((out_dim, 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def dense(W, A, b, activate=True):
    z = W @ A + b
    if activate:
        return sigmoid(z)
    return z


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = dense(W1, X, b1)
    h2 = dense(W2, h1, b2)
    tanh_h2 = np.tanh(W2 @ h1 + b2)     # tried tanh for hidden layer 2, kept for plotting
    out = dense(W3, h2, b3, activate=False)
    return [X, h1, h2, out]


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    _, _, W2, _, W3, _ = parameters
    d3 = deriv_squared_loss(out, targets)
    d2 = (W3.T @ d3) * (h2 - h2 ** 2)
    d1 = (W2.T @ d2) * (h1 - h1 ** 2)
    grads = []
    for d, a in zip((d1, d2, d3), (X, h1, h2)):
        grads += [d @ a.T, d.sum(axis=1, keepdims=True)]
    return grads


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
