"""Assignment 3: a multilayer perceptron that classifies MNIST digits.

`layer_sizes = [D, h1, ..., K]` describes the network: D = 784 input pixels
(scaled to [0, 1]), any number of hidden layers (zero included) and K = 10
classes. Layer l = 1 ... L has weights W{l} of shape
(layer_sizes[l-1], layer_sizes[l]) and a bias b{l} of shape (layer_sizes[l],):

    A0 = X
    Z_l = A_{l-1} @ W{l} + b{l}
    A_l = relu(Z_l) = max(Z_l, 0)        for the hidden layers l < L
    P   = softmax(Z_L)                   row-wise: P[n, k] = exp(Z[n, k]) / sum_j exp(Z[n, j])

The loss is the mean cross-entropy of the correct classes,

    L = -mean_n log P[n, y_n].

Backpropagation: for softmax followed by cross-entropy the gradient with
respect to the logits is simply dZ_L = (P - onehot(y)) / N. Then, going
down the layers,

    dW{l} = A_{l-1}.T @ dZ_l        db{l} = sum over rows of dZ_l
    dA_{l-1} = dZ_l @ W{l}.T        dZ_{l-1} = dA_{l-1} * (Z_{l-1} > 0)

(the ReLU derivative is 1 where Z > 0 and 0 elsewhere, 0 at exactly Z = 0).
Training is minibatch stochastic gradient descent.

Use NumPy only and never modify an argument in place.
"""

# Fill in every function, then check your work: `grade mnist_softmax.py`.

import numpy as np


def softmax(Z):
    """Row-wise softmax, P[n, k] = exp(Z[n, k]) / sum_j exp(Z[n, j]).

    Must stay finite for logits of any size (e.g. 1000 or -1000): exp(1000)
    overflows, so subtract each row's maximum first. That does not change
    the result, because softmax(z - c) = softmax(z) for any constant c.

    Args:
        Z: logits, shape (N, K).

    Returns:
        P, shape (N, K): every row is non-negative and sums to 1.
    """
    raise NotImplementedError("softmax is not implemented yet")


def cross_entropy(P, y):
    """Mean cross-entropy L = -mean_n log P[n, y_n].

    A probability can underflow to exactly 0, and log(0) = -inf, so clip
    the probabilities at 1e-12 from below before taking the log.

    Args:
        P: predicted probabilities, shape (N, K).
        y: integer class labels in 0 ... K-1, shape (N,).

    Returns:
        The loss L, a float.
    """
    raise NotImplementedError("cross_entropy is not implemented yet")


def one_hot(y, K):
    """One-hot encoding of integer labels.

    Args:
        y: integer class labels in 0 ... K-1, shape (N,).
        K: number of classes.

    Returns:
        Float array of shape (N, K) with a 1 at [n, y[n]] and 0 elsewhere.
    """
    raise NotImplementedError("one_hot is not implemented yet")


def init_params(layer_sizes, rng):
    """Random starting parameters for the network `layer_sizes = [D, ..., K]`.

    Weights are random to break the symmetry between units, with He scaling,
    normal with standard deviation sqrt(2 / fan_in): a ReLU zeroes about half
    of its inputs, and the factor 2 makes up for it, so the activations keep
    roughly the same size from layer to layer. Biases start at zero.

    Args:
        layer_sizes: list of ints [D, h1, ..., K], at least two entries.
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        dict with, for l = 1 ... L = len(layer_sizes) - 1,
        "W{l}": (layer_sizes[l-1], layer_sizes[l]) and "b{l}": (layer_sizes[l],).
    """
    raise NotImplementedError("init_params is not implemented yet")


def forward(params, X):
    """Forward pass: ReLU hidden layers, softmax output layer.

    Args:
        params: dict "W1", "b1", ..., "WL", "bL" (see `init_params`);
            L = len(params) // 2 layers, L = 1 means no hidden layer.
        X: inputs, shape (N, D).

    Returns:
        (P, cache): class probabilities of shape (N, K), and whatever values
        `backward` needs later (here the inputs of every layer, X, A1, ...,
        A_{L-1}, and P).
    """
    raise NotImplementedError("forward is not implemented yet")


def backward(params, cache, y):
    """Gradients of L = -mean_n log P[n, y_n] for every parameter.

    Start from the logits of the last layer, dZ_L = (P - onehot(y)) / N, and
    go down: dW{l} = A_{l-1}.T @ dZ_l, db{l} = dZ_l summed over the rows, and,
    below a hidden layer, dZ_{l-1} = (dZ_l @ W{l}.T) * relu'(Z_{l-1}) with
    relu'(z) = 1 for z > 0 and 0 otherwise (0 at exactly z = 0).

    Args:
        params: dict "W1", "b1", ..., "WL", "bL".
        cache: the cache returned by `forward(params, X)`.
        y: integer class labels, shape (N,).

    Returns:
        dict with the same keys as params, each gradient of the same shape
        as its parameter.
    """
    raise NotImplementedError("backward is not implemented yet")


def train(params, X, y, lr, epochs, batch_size, rng):
    """Minibatch stochastic gradient descent.

    Each epoch draws the order rng.permutation(N) once and walks through it
    in consecutive slices of batch_size samples (the last slice may be
    smaller). Each slice makes one step p <- p - lr * grad, where grad is
    the gradient of the mean loss over that slice.

    Args:
        params: starting parameters (see `init_params`); not modified.
        X: inputs, shape (N, D).
        y: integer class labels, shape (N,).
        lr: learning rate, a positive float.
        epochs: number of passes over the data, an int >= 0.
        batch_size: samples per step, an int >= 1.
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        (params, losses): a new dict of trained parameters, and a list of
        epochs + 1 floats, losses[0] the loss on the whole training set at the
        starting parameters and losses[k] the loss on the whole training set
        after epoch k.
    """
    raise NotImplementedError("train is not implemented yet")


def predict(params, X):
    """Predicted class of every sample, the one with the highest probability.

    Args:
        params: dict "W1", "b1", ..., "WL", "bL".
        X: inputs, shape (N, D).

    Returns:
        Integer labels, shape (N,).
    """
    raise NotImplementedError("predict is not implemented yet")
