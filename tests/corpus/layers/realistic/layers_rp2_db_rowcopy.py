"""Assignment: modular layers, each a forward function and a backward function.

Instead of deriving one backward pass for a whole network, write every layer
once as a pair of functions and build networks by chaining them. Rows are
samples: a batch of N samples with D features is an array of shape (N, D).

    out, cache = <layer>_forward(inputs)    the output, and whatever the
                                            backward will need (your choice)
    d_inputs   = <layer>_backward(dout, cache)

`dout` is the upstream gradient dL/dout of some scalar loss L, an array of
the shape of `out`, and `cache` is exactly what the matching forward returned.
A backward returns dL/d(input) for every input, each of that input's shape:
the upstream gradient times the layer's local derivative (the chain rule).
Never assume `dout` is all ones: the grader passes random ones.

The layers (N samples, D inputs, M outputs, C classes):

    affine:   out = x @ w + b               x: (N, D), w: (D, M), b: (M,), out: (N, M)
    relu:     out = max(0, x)               elementwise, any shape
    sigmoid:  out = 1 / (1 + exp(-x))       elementwise, any shape

A loss function takes the last layer's output and returns the loss and its
gradient together, (L, dL/dinput); that gradient is the first `dout`:

    softmax_loss(x, y):       x: (N, C) class scores, y: (N,) integer labels in
                              0..C-1;  L = mean over the N samples of
                              -log(exp(x[i, y[i]]) / sum over c of exp(x[i, c]))
    mse_loss(pred, target):   pred, target: (N, K);
                              L = mean over all N * K entries of (pred - target) ** 2

`TwoHiddenNet.loss` composes the layers, with act either relu or sigmoid:

    X --affine(W1, b1)--> act --affine(W2, b2)--> act --affine(W3, b3)--> scores
    L, dscores = softmax_loss(scores, y)

then calls the backward functions in the reverse order, each with the cache
of its own forward, and collects dL/dW1 ... dL/db3.

Use NumPy only. No function modifies its arguments in place: not `x`, not
`dout`, not a cache (a backward may be called twice on the same cache and
must give the same answer). Check your work with `grade layers.py`.
"""

import numpy as np


def affine_forward(x, w, b):
    """Affine (fully connected) layer: out = x @ w + b.

    Args:
        x: inputs, shape (N, D).
        w: weights, shape (D, M).
        b: biases, shape (M,), added to every row.

    Returns:
        (out, cache): out of shape (N, M), and the cache for `affine_backward`.
    """
    out = x @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    """Backward pass of the affine layer.

    Args:
        dout: upstream gradient dL/dout, shape (N, M).
        cache: the cache returned by `affine_forward(x, w, b)`.

    Returns:
        (dx, dw, db): dL/dx of shape (N, D), dL/dw of shape (D, M), and dL/db
        of shape (M,) (every row of out received b, so its gradient collects
        all N rows).
    """
    x, w, b = cache
    dx = dout @ w.T
    dw = np.zeros_like(w, dtype=float)
    db = np.zeros_like(b, dtype=float)
    row = np.zeros_like(b, dtype=float)
    for n in range(x.shape[0]):
        dw += np.outer(x[n], dout[n])
        row = dout[n]
        db[:] = row
    return dx, dw, db


def relu_forward(x):
    """Rectified linear unit, out = max(0, x) elementwise.

    Args:
        x: inputs, an array of any shape.

    Returns:
        (out, cache): out of the shape of x, and the cache for `relu_backward`.
    """
    out = np.maximum(x, 0)
    return out, x


def relu_backward(dout, cache):
    """Backward pass of the ReLU.

    The derivative of max(0, x) is 1 where x > 0 and 0 where x < 0; at
    exactly x = 0 use 0.

    Args:
        dout: upstream gradient dL/dout, the shape of x.
        cache: the cache returned by `relu_forward(x)`.

    Returns:
        dx: dL/dx, the shape of x.
    """
    x = cache
    return dout * (x > 0)


def sigmoid_forward(x):
    """Logistic function, out = 1 / (1 + exp(-x)) elementwise.

    Must be exact and free of overflow warnings for large |x| (e.g. +-1000,
    where the answers are 1 and 0): never evaluate exp of a large positive
    number.

    Args:
        x: inputs, an array of any shape.

    Returns:
        (out, cache): out of the shape of x, values in [0, 1], and the cache
        for `sigmoid_backward`.
    """
    e = np.exp(-np.abs(x))                  # in (0, 1]: never overflows
    out = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return out, out


def sigmoid_backward(dout, cache):
    """Backward pass of the sigmoid.

    d sigmoid(x) / dx = sigmoid(x) * (1 - sigmoid(x)), taken at the layer's
    input x.

    Args:
        dout: upstream gradient dL/dout, the shape of x.
        cache: the cache returned by `sigmoid_forward(x)`.

    Returns:
        dx: dL/dx, the shape of x.
    """
    out = cache
    return dout * out * (1 - out)


def softmax_loss(x, y):
    """Softmax followed by cross-entropy, averaged over the N samples.

    L = mean over i of -log p[i, y[i]], with p[i] = softmax(x[i]). Must be
    finite and free of overflow warnings for large scores (e.g. 1000): the
    softmax does not change when a constant is subtracted from a row.

    Args:
        x: class scores, shape (N, C).
        y: integer labels, shape (N,), each in 0..C-1.

    Returns:
        (loss, dx): the loss L, a float, and dL/dx, shape (N, C).
    """
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = x.shape[0]
    rows = np.arange(n)
    loss = -log_probs[rows, y].mean()
    dx = np.exp(log_probs)
    dx[rows, y] -= 1
    return float(loss), dx / n


def mse_loss(pred, target):
    """Mean squared error over ALL entries: L = mean((pred - target) ** 2).

    The mean runs over all N * K entries (not over the N samples only, and
    with no factor 0.5).

    Args:
        pred: predictions, shape (N, K).
        target: targets, floats of shape (N, K).

    Returns:
        (loss, dpred): the loss L, a float, and dL/dpred, shape (N, K).
    """
    diff = pred - target
    return float(np.mean(diff ** 2)), 2 * diff / diff.size


class TwoHiddenNet:
    """A classifier with two hidden layers, built only from the layer functions.

    affine -> act -> affine -> act -> affine -> softmax_loss, where act is
    relu or sigmoid. The parameters live in the dict `self.params`.
    """

    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        """Random starting parameters in `self.params`.

        self.params is a dict with "W1": (input_dim, hidden1), "b1":
        (hidden1,), "W2": (hidden1, hidden2), "b2": (hidden2,), "W3":
        (hidden2, output_dim), "b3": (output_dim,). Each weight is
        rng.standard_normal((fan_in, fan_out)) / sqrt(fan_in), drawn in the
        order W1, W2, W3; biases are zero.

        Args:
            input_dim, hidden1, hidden2, output_dim: the layer sizes;
                output_dim is the number of classes.
            rng: a np.random.Generator, the only source of randomness.
            activation: "sigmoid" or "relu", the hidden layers' activation;
                anything else raises ValueError.
        """
        if activation not in ("sigmoid", "relu"):
            raise ValueError(f"activation must be 'sigmoid' or 'relu', not {activation!r}")
        self.activation = activation
        sizes = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for k, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            self.params[f"W{k}"] = rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)
            self.params[f"b{k}"] = np.zeros(fan_out)

    def loss(self, X, y=None):
        """Class scores, or the softmax loss and its gradients.

        Args:
            X: inputs, shape (N, input_dim).
            y: None, or integer labels of shape (N,), each in 0..output_dim-1.

        Returns:
            If y is None, the scores (the last affine layer's output), shape
            (N, output_dim). Otherwise (loss, grads): softmax_loss(scores, y)[0],
            a float, and a dict with the keys of self.params, grads[k] =
            dL/dparams[k] of the shape of params[k]. self.params is not changed.
        """
        p = self.params
        act_forward, act_backward = ((relu_forward, relu_backward) if self.activation == "relu"
                                     else (sigmoid_forward, sigmoid_backward))
        h1, c1 = affine_forward(X, p["W1"], p["b1"])
        a1, c2 = act_forward(h1)
        h2, c3 = affine_forward(a1, p["W2"], p["b2"])
        a2, c4 = act_forward(h2)
        scores, c5 = affine_forward(a2, p["W3"], p["b3"])
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        grads = {}
        da2, grads["W3"], grads["b3"] = affine_backward(dscores, c5)
        da1, grads["W2"], grads["b2"] = affine_backward(act_backward(da2, c4), c3)
        _, grads["W1"], grads["b1"] = affine_backward(act_backward(da1, c2), c1)
        return loss, {k: grads[k] for k in p}
