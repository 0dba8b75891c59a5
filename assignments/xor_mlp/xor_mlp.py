"""Assignment 2: a two-layer sigmoid network that learns XOR.

No linear model can compute XOR, but one hidden layer can. The network is

    Z1 = X @ W1 + b1        H     = sigmoid(Z1)        X: (N, n_in)
    Z2 = H @ W2 + b2        Y_hat = sigmoid(Z2)        Y_hat: (N, n_out)

with sigmoid(z) = 1 / (1 + exp(-z)), trained on the mean squared error over
all N * n_out entries,

    L = mean((Y_hat - Y) ** 2).

Backpropagation applies the chain rule from the loss back to every parameter.
With sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z)):

    dY_hat = 2 * (Y_hat - Y) / (N * n_out)
    dZ2 = dY_hat * sigmoid'(Z2)        dW2 = H.T @ dZ2     db2 = sum over rows of dZ2
    dH  = dZ2 @ W2.T
    dZ1 = dH * sigmoid'(Z1)            dW1 = X.T @ dZ1     db1 = sum over rows of dZ1

Parameters and gradients are dicts with keys "W1", "b1", "W2", "b2"; biases
are 1-D. Use NumPy only and never modify an argument in place.
"""

# Fill in every function, then check your work: `grade xor_mlp.py`.

import numpy as np


def sigmoid(z):
    """Elementwise logistic function sigmoid(z) = 1 / (1 + exp(-z)).

    Must be exact and free of overflow warnings for large |z| (e.g. +-1000,
    where the answers are 1 and 0): exp(-z) overflows for z = -1000, so
    never evaluate exp of a large positive number.

    Args:
        z: an array of any shape (or a scalar).

    Returns:
        sigmoid(z), same shape as z, values in [0, 1].
    """
    raise NotImplementedError("sigmoid is not implemented yet")


def sigmoid_derivative(z):
    """Derivative of the sigmoid with respect to its input z.

    d sigmoid(z) / dz = sigmoid(z) * (1 - sigmoid(z)), evaluated at the
    pre-activation z (not at the activation sigmoid(z)).

    Args:
        z: an array of any shape (or a scalar).

    Returns:
        sigmoid(z) * (1 - sigmoid(z)), same shape as z.
    """
    raise NotImplementedError("sigmoid_derivative is not implemented yet")


def init_params(n_in, n_hidden, n_out, rng):
    """Random starting parameters for the two-layer network.

    Weights must be random, or every hidden unit receives the same gradient
    and they stay identical forever (symmetry). They must also be small
    enough not to saturate the sigmoid, where its derivative is ~0 and
    learning stalls: normal with standard deviation 1 / sqrt(fan_in) keeps
    every pre-activation of order 1. Biases start at zero.

    Args:
        n_in: number of inputs D.
        n_hidden: number of hidden units.
        n_out: number of outputs.
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        dict with "W1": (n_in, n_hidden), "b1": (n_hidden,),
        "W2": (n_hidden, n_out), "b2": (n_out,).
    """
    raise NotImplementedError("init_params is not implemented yet")


def forward(params, X):
    """Forward pass: H = sigmoid(X @ W1 + b1), Y_hat = sigmoid(H @ W2 + b2).

    Args:
        params: dict with "W1" (n_in, n_hidden), "b1" (n_hidden,),
            "W2" (n_hidden, n_out), "b2" (n_out,).
        X: inputs, shape (N, n_in).

    Returns:
        (Y_hat, cache): the outputs, shape (N, n_out), and whatever values
        `backward` needs later (here the tuple (X, H, Y_hat)).
    """
    raise NotImplementedError("forward is not implemented yet")


def mse_loss(Y_hat, Y):
    """Mean squared error over all N * n_out entries, mean((Y_hat - Y) ** 2).

    Args:
        Y_hat: network outputs, shape (N, n_out).
        Y: targets, floats of shape (N, n_out).

    Returns:
        The loss L, a float.
    """
    raise NotImplementedError("mse_loss is not implemented yet")


def backward(params, cache, Y):
    """Gradients of L = mean((Y_hat - Y) ** 2) with respect to every parameter.

    Backpropagation: start from dL/dY_hat = 2 * (Y_hat - Y) / (N * n_out),
    multiply by the sigmoid derivative at each pre-activation, and use the
    layer inputs for the weight gradients; bias gradients sum over the batch.

    Args:
        params: dict with "W1", "b1", "W2", "b2" (see `forward`).
        cache: the cache returned by `forward(params, X)`.
        Y: targets, floats of shape (N, n_out).

    Returns:
        dict with "W1", "b1", "W2", "b2", each of the same shape as the
        matching parameter.
    """
    raise NotImplementedError("backward is not implemented yet")


def train(params, X, Y, lr, epochs):
    """Full-batch gradient descent, p <- p - lr * dL/dp for every parameter.

    Args:
        params: starting parameters (see `init_params`); not modified.
        X: inputs, shape (N, n_in).
        Y: targets, floats of shape (N, n_out).
        lr: learning rate, a positive float.
        epochs: number of gradient steps, an int >= 0.

    Returns:
        (params, losses): a new dict of trained parameters, and a list of
        epochs + 1 floats, losses[0] the loss at the starting parameters and
        losses[k] the loss after epoch k.
    """
    raise NotImplementedError("train is not implemented yet")


def predict(params, X):
    """Binary predictions of the network: 1 where Y_hat >= 0.5, else 0.

    Args:
        params: dict with "W1", "b1", "W2", "b2".
        X: inputs, shape (N, n_in).

    Returns:
        Integer array of shape (N, n_out).
    """
    raise NotImplementedError("predict is not implemented yet")
