"""MLP with two sigmoid hidden layers, built from small layer objects."""
import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    pos = np.exp(-np.clip(x, 0, None))
    neg = np.exp(np.clip(x, None, 0))
    return np.where(x >= 0, 1 / (1 + pos), neg / (1 + neg))


class Dense:
    """One layer: a = act(W @ a_prev + b)."""

    def __init__(self, W, b, act):
        self.W = W
        self.b = b
        self.act = act

    def __call__(self, a_prev):
        return self.act(self.W @ a_prev + self.b)


def build(parameters):
    W1, b1, W2, b2, W3, b3 = parameters
    # listed top-down, like the diagram in the lecture notes
    stack = [Dense(W3, b3, sigmoid),
             Dense(W2, b2, sigmoid),
             Dense(W1, b1, sigmoid)]
    return stack[::-1]


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.standard_normal((hidden1_dim, input_dim)) / np.sqrt(input_dim)
    W2 = rng.standard_normal((hidden2_dim, hidden1_dim)) / np.sqrt(hidden1_dim)
    W3 = rng.standard_normal((output_dim, hidden2_dim)) / np.sqrt(hidden2_dim)
    return [W1, np.zeros((hidden1_dim, 1)), W2, np.zeros((hidden2_dim, 1)),
            W3, np.zeros((output_dim, 1))]


def squared_loss(predictions, targets):
    diff = predictions - targets
    return float((diff * diff).sum() / (2 * diff.shape[1]))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    acts = [X]
    for layer in build(parameters):
        acts.append(layer(acts[-1]))
    return acts


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    e3 = deriv_squared_loss(out, targets)
    e2 = W3.T @ e3 * (h2 * (1 - h2))
    e1 = W2.T @ e2 * (h1 * (1 - h1))
    grads = []
    for e, inp in [(e1, X), (e2, h1), (e3, h2)]:
        grads += [e @ inp.T, e.sum(1, keepdims=True)]
    return grads


def train(parameters, X, Y, lr, epochs):
    params = list(map(np.copy, parameters))
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        g = backward(acts, Y, params)
        params = [p - lr * d for p, d in zip(params, g)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
