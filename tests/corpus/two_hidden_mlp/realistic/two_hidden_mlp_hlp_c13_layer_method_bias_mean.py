"""Two-hidden-layer regression net (column-major) with a small Layer class."""
import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Layer:
    """One affine layer out = W @ inp + b (W: (out, in), b: (out, 1))."""

    def __init__(self, W, b):
        self.W = W
        self.b = b

    def grads(self, delta, inp):
        """delta: dL/d(out) of shape (out, B). Returns (dW, db, d_inp)."""
        dW = delta @ inp.T
        db = delta.mean(axis=1, keepdims=True)
        return dW, db, self.W.T @ delta


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = (input_dim, hidden1_dim, hidden2_dim, output_dim)
    out = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        out += [rng.normal(0.0, 1.0 / np.sqrt(fan_in), (fan_out, fan_in)), np.zeros((fan_out, 1))]
    return out


def squared_loss(predictions, targets):
    return float(np.mean(0.5 * np.sum((predictions - targets) ** 2, axis=0)))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = sigmoid(W1 @ X + b1)
    h2 = sigmoid(W2 @ h1 + b2)
    return [X, h1, h2, W3 @ h2 + b3]


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    layers = [Layer(parameters[i], parameters[i + 1]) for i in (0, 2, 4)]
    delta = deriv_squared_loss(out, targets)
    dW3, db3, d_h2 = layers[2].grads(delta, h2)
    delta = d_h2 * h2 * (1 - h2)
    dW2, db2, d_h1 = layers[1].grads(delta, h1)
    delta = d_h1 * h1 * (1 - h1)
    dW1, db1, _ = layers[0].grads(delta, X)
    return [dW1, db1, dW2, db2, dW3, db3]


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
