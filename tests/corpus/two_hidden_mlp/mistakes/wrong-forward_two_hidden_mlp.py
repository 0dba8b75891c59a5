"""Written for any number of layers: the parameter list is read two at a time
(W, b), every layer but the last gets a sigmoid, and backward walks the
layers in reverse. The handout's network is just the 3-layer case."""
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        params.extend([rng.normal(scale=fan_in ** -0.5, size=(fan_out, fan_in)),
                       np.zeros((fan_out, 1))])
    return params


def sigmoid(x):
    return 0.5 * (1 + np.tanh(np.asarray(x, dtype=float) / 2))   # same function, no overflow


def squared_loss(predictions, targets):
    return float(0.5 * np.mean(np.sum((predictions - targets) ** 2, axis=0)))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[-1]


def _pairs(parameters):
    return list(zip(parameters[0::2], parameters[1::2]))


def forward(parameters, X):
    acts = [X]
    layers = _pairs(parameters)
    for l, (W, b) in enumerate(layers):
        z = W @ acts[-1] + b
        acts.append(sigmoid(z))
    return acts


def backward(activations, targets, parameters):
    layers = _pairs(parameters)
    grads = [None] * len(parameters)
    delta = deriv_squared_loss(activations[-1], targets)
    for l in reversed(range(len(layers))):
        grads[2 * l] = delta @ activations[l].T
        grads[2 * l + 1] = delta.sum(axis=1, keepdims=True)
        if l > 0:
            a = activations[l]
            delta = (layers[l][0].T @ delta) * a * (1 - a)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    losses = []
    for step in range(epochs + 1):
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
        if step < epochs:
            params = [p - lr * g for p, g in zip(params, backward(acts, Y, params))]
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
