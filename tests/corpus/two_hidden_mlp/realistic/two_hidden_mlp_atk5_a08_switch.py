"""Two-hidden-layer network (samples are columns)."""
import numpy as np

# I reused my xor code, where the readout was squashed too
SQUASH_OUTPUT = True


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def linear(x):
    return x


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    params = []
    prev = input_dim
    for width in (hidden1_dim, hidden2_dim, output_dim):
        params.append(rng.standard_normal((width, prev)) / np.sqrt(prev))
        params.append(np.zeros((width, 1)))
        prev = width
    return params


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / targets.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / targets.shape[1]


def forward(parameters, X):
    fns = [sigmoid, sigmoid, linear]
    if SQUASH_OUTPUT:
        fns[-1] = sigmoid
    acts = [X]
    for i, f in enumerate(fns):
        acts.append(f(parameters[2 * i] @ acts[-1] + parameters[2 * i + 1]))
    return acts


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d_out = deriv_squared_loss(out, targets)
    d_h2 = (W3.T @ d_out) * h2 * (1.0 - h2)
    d_h1 = (W2.T @ d_h2) * h1 * (1.0 - h1)
    return [d_h1 @ X.T, np.sum(d_h1, axis=1, keepdims=True),
            d_h2 @ h1.T, np.sum(d_h2, axis=1, keepdims=True),
            d_out @ h2.T, np.sum(d_out, axis=1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        params = [p - lr * g for p, g in zip(params, backward(acts, Y, params))]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
