"""Assignment: a network with two sigmoid hidden layers and a linear output.

This course stores every array "column-major": a batch of B samples is a
matrix whose COLUMNS are the samples, and a weight matrix maps a column of
inputs to a column of outputs, so it has shape (out, in). The network is

    hid_1   = sigmoid(W1 @ X     + b1)      X:       (input_dim,   B)
    hid_2   = sigmoid(W2 @ hid_1 + b2)      hid_1:   (hidden1_dim, B)
    outputs =         W3 @ hid_2 + b3       hid_2:   (hidden2_dim, B)
                                            outputs: (output_dim,  B)

with sigmoid(x) = 1 / (1 + exp(-x)); the output layer is linear (no
sigmoid). The parameters are the LIST [W1, b1, W2, b2, W3, b3] in this
order, with

    W1: (hidden1_dim, input_dim)      b1: (hidden1_dim, 1)
    W2: (hidden2_dim, hidden1_dim)    b2: (hidden2_dim, 1)
    W3: (output_dim,  hidden2_dim)    b3: (output_dim,  1)

Biases are COLUMNS of shape (n, 1), so that `W @ A + b` adds the bias to
every column (sample) by broadcasting. Gradients are a list in the same
order, each of the same shape as its parameter.

The loss is the squared error, halved and averaged over the B samples of the
batch (targets T have the shape of the outputs, (output_dim, B)):

    L = (1 / B) * sum over samples b of 0.5 * ||outputs[:, b] - T[:, b]||^2

Training is full-batch gradient descent, p <- p - lr * dL/dp.

Use NumPy only and never modify an argument in place. Check your work with
`grade two_hidden_mlp.py`.
"""

import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    """Random starting parameters [W1, b1, W2, b2, W3, b3].

    Weights must be random, or all units of a layer receive the same
    gradient and stay identical forever (symmetry). They must also be small
    enough not to saturate the sigmoids: normal with standard deviation
    1 / sqrt(fan_in) (fan_in = number of inputs of the layer) keeps every
    pre-activation of order 1. Biases start at zero.

    Args:
        input_dim, hidden1_dim, hidden2_dim, output_dim: the layer sizes.
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        The list [W1, b1, W2, b2, W3, b3] with W1: (hidden1_dim, input_dim),
        b1: (hidden1_dim, 1), W2: (hidden2_dim, hidden1_dim),
        b2: (hidden2_dim, 1), W3: (output_dim, hidden2_dim),
        b3: (output_dim, 1).
    """
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    parameters = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        parameters.append(rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in))
        parameters.append(np.zeros((fan_out, 1)))
    return parameters


def sigmoid(x):
    """Elementwise logistic function sigmoid(x) = 1 / (1 + exp(-x)).

    Must be exact and free of overflow warnings for large |x| (e.g. +-1000,
    where the answers are 1 and 0): exp(-x) overflows for x = -1000, so
    never evaluate exp of a large positive number.

    Args:
        x: an array of any shape (or a scalar).

    Returns:
        sigmoid(x), same shape as x, values in [0, 1].
    """
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))                     # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def squared_loss(predictions, targets):
    """Mean over the batch of 0.5 * ||p - t||^2, one term per sample (column).

    Args:
        predictions: network outputs, shape (output_dim, B).
        targets: floats of shape (output_dim, B).

    Returns:
        The loss L, a float.
    """
    batch_size = predictions.shape[1]
    return float(0.5 * np.sum((predictions - targets) ** 2) / batch_size)


def deriv_squared_loss(predictions, targets):
    """Derivative of `squared_loss` with respect to the predictions.

    Args:
        predictions: network outputs, shape (output_dim, B).
        targets: floats of shape (output_dim, B).

    Returns:
        dL/dpredictions = (predictions - targets) / B, shape (output_dim, B).
    """
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    """Forward pass of the network through both hidden layers and the output.

    Args:
        parameters: the list [W1, b1, W2, b2, W3, b3] (see `initialize`).
        X: inputs, shape (input_dim, B), one sample per column.

    Returns:
        The list of activations [X, hid_1, hid_2, outputs], of shapes
        (input_dim, B), (hidden1_dim, B), (hidden2_dim, B), (output_dim, B):
        the hidden layers after their sigmoid, the outputs linear.
    """
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = sigmoid(W1 @ X + b1)
    hid_2 = sigmoid(W2 @ hid_1 + b2)
    outputs = W3 @ hid_2 + b3
    return [X, hid_1, hid_2, outputs]


def _output_delta(outputs, targets):
    """dL/doutputs for the linear output layer: (outputs - targets) / B."""
    return np.subtract(targets, outputs) / outputs.shape[1]


def backward(activations, targets, parameters):
    """Gradients of L = squared_loss(outputs, targets) with respect to every parameter.

    Args:
        activations: the list [X, hid_1, hid_2, outputs] returned by
            `forward(parameters, X)`.
        targets: floats of shape (output_dim, B).
        parameters: the list [W1, b1, W2, b2, W3, b3] used in that forward pass.

    Returns:
        The list [dW1, db1, dW2, db2, dW3, db3] of dL/dparameter, each of the
        same shape as its parameter (bias gradients are columns (n, 1)).
    """
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    delta3 = _output_delta(outputs, targets)                   # (output_dim, B), linear output
    delta2 = (W3.T @ delta3) * hid_2 * (1.0 - hid_2)           # sigmoid' from the stored activation
    delta1 = (W2.T @ delta2) * hid_1 * (1.0 - hid_1)
    gradients = []
    for delta, layer_input in ((delta1, X), (delta2, hid_1), (delta3, hid_2)):
        gradients.append(delta @ layer_input.T)                 # (out, B) @ (B, in) = (out, in)
        gradients.append(delta.sum(axis=1, keepdims=True))      # summed over the batch columns
    return gradients


def train(parameters, X, Y, lr, epochs):
    """Full-batch gradient descent, p <- p - lr * dL/dp for every parameter.

    Args:
        parameters: the starting list [W1, b1, W2, b2, W3, b3]; neither the
            list nor its arrays are modified.
        X: inputs, shape (input_dim, B).
        Y: targets, floats of shape (output_dim, B).
        lr: learning rate, a positive float.
        epochs: number of gradient steps, an int >= 0.

    Returns:
        (parameters, losses): a new list of trained parameters, and a list of
        epochs + 1 floats, losses[0] the loss at the starting parameters and
        losses[k] the loss after step k.
    """
    parameters = [np.array(p, dtype=float) for p in parameters]
    activations = forward(parameters, X)
    losses = [squared_loss(activations[-1], Y)]
    for _ in range(epochs):
        gradients = backward(activations, Y, parameters)
        parameters = [p - lr * g for p, g in zip(parameters, gradients)]
        activations = forward(parameters, X)
        losses.append(squared_loss(activations[-1], Y))
    return parameters, losses


def predict(parameters, X):
    """The network's outputs for the inputs X.

    Args:
        parameters: the list [W1, b1, W2, b2, W3, b3].
        X: inputs, shape (input_dim, B).

    Returns:
        The outputs of the linear output layer, shape (output_dim, B).
    """
    return forward(parameters, X)[-1]
