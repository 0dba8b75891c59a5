"""Assignment: two_hidden_mlp.  Balazs Varga.
The sigmoid layers are backpropagated by a helper that scales the incoming
gradient in place (no temporary arrays)."""
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    shapes = [(hidden1_dim, input_dim), (hidden2_dim, hidden1_dim), (output_dim, hidden2_dim)]
    out = []
    for rows, cols in shapes:
        out += [rng.standard_normal((rows, cols)) * (1.0 / np.sqrt(cols)), np.zeros((rows, 1))]
    return out


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def squared_loss(predictions, targets):
    return float(0.5 * np.sum(np.square(predictions - targets)) / targets.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / targets.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    a1 = sigmoid(W1 @ X + b1)
    a2 = sigmoid(W2 @ a1 + b2)
    return [X, a1, a2, W3 @ a2 + b3]


def sigmoid_backward_inplace(layer_output, grad):
    """grad <- grad * sigmoid'(z), for the layer whose output is layer_output"""
    s = sigmoid(layer_output)
    grad *= s * (1.0 - s)


def backward(activations, targets, parameters):
    X, a1, a2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d3 = deriv_squared_loss(out, targets)
    d2 = W3.T @ d3
    sigmoid_backward_inplace(a2, d2)
    d1 = W2.T @ d2
    sigmoid_backward_inplace(a1, d1)
    gW3, gb3 = d3 @ a2.T, d3.sum(axis=1, keepdims=True)
    gW2, gb2 = d2 @ a1.T, d2.sum(axis=1, keepdims=True)
    gW1, gb1 = d1 @ X.T, d1.sum(axis=1, keepdims=True)
    return [gW1, gb1, gW2, gb2, gW3, gb3]


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[3], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[3], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
