import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def n_layers(parameters):
    """Number of layers: one 2-D weight matrix per layer."""
    return len([p for p in parameters if p.ndim == 2])


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    parameters = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        parameters.append(rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in))
        parameters.append(np.zeros((fan_out, 1)))
    return parameters


def forward(parameters, X):
    activations = [X]
    a = X
    for k, (W, b) in enumerate(zip(parameters[0::2], parameters[1::2]), start=1):
        z = W @ a + b
        a = z if k == n_layers(parameters) else sigmoid(z)
        activations.append(a)
    return activations


def backward(activations, targets, parameters):
    L = n_layers(parameters)
    grads = [None] * (2 * L)
    delta = deriv_squared_loss(activations[L], targets)
    for k in range(L, 0, -1):
        W = parameters[2 * (k - 1)]
        grads[2 * (k - 1)] = delta @ activations[k - 1].T
        grads[2 * (k - 1) + 1] = delta.sum(axis=1, keepdims=True)
        if k > 1:
            a = activations[k - 1]
            delta = (W.T @ delta) * a * (1.0 - a)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
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
