"""Two hidden sigmoid layers, linear readout; the activations kept in a table by layer number."""
import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# layer number -> activation (the readout is linear)
ACTIVATIONS = {
    3: lambda z: z,
    1: sigmoid,
    2: sigmoid,
}


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    out = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        out += [rng.standard_normal((n_out, n_in)) / np.sqrt(n_in), np.zeros((n_out, 1))]
    return out


def forward(parameters, X):
    acts = [X]
    for k in sorted(ACTIVATIONS):
        W, b = parameters[2 * k - 2], parameters[2 * k - 1]
        acts.append(ACTIVATIONS[k](W @ acts[-1] + b))
    return acts


def backward(activations, targets, parameters):
    grads = [None] * 6
    delta = deriv_squared_loss(activations[3], targets)
    for k in sorted(ACTIVATIONS, reverse=True):
        if ACTIVATIONS[k] is sigmoid:
            a = activations[k]
            delta = delta * a * (1.0 - a)
        grads[2 * k - 2] = delta @ activations[k - 1].T
        grads[2 * k - 1] = delta.sum(axis=1, keepdims=True)
        delta = parameters[2 * k - 2].T @ delta
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
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
