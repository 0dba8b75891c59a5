import numpy as np

SCALE = 10.0  # initial weight scale


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.standard_normal((n_in, n_hidden)) * SCALE
    W2 = rng.standard_normal((n_hidden, n_out)) * SCALE
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


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
    z = np.asarray(z, dtype=float)
    # exp(-|z|) lies in (0, 1], so it never overflows. For z >= 0 use
    # 1 / (1 + exp(-z)); for z < 0 the equal form exp(z) / (1 + exp(z)).
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    """Derivative of the sigmoid with respect to its input z.

    d sigmoid(z) / dz = sigmoid(z) * (1 - sigmoid(z)), evaluated at the
    pre-activation z (not at the activation sigmoid(z)).

    Args:
        z: an array of any shape (or a scalar).

    Returns:
        sigmoid(z) * (1 - sigmoid(z)), same shape as z.
    """
    s = sigmoid(z)
    return s * (1.0 - s)


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
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, (X, H, Y_hat)


def mse_loss(Y_hat, Y):
    """Mean squared error over all N * n_out entries, mean((Y_hat - Y) ** 2).

    Args:
        Y_hat: network outputs, shape (N, n_out).
        Y: targets, floats of shape (N, n_out).

    Returns:
        The loss L, a float.
    """
    return float(np.mean((Y_hat - Y) ** 2))


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
    X, H, Y_hat = cache
    dY_hat = 2.0 * (Y_hat - Y) / Y.size      # the mean runs over N * n_out entries
    # sigmoid'(Z) = sigmoid(Z) * (1 - sigmoid(Z)) at the pre-activation Z; since
    # the forward pass already stored sigmoid(Z2) = Y_hat and sigmoid(Z1) = H,
    # this is Y_hat * (1 - Y_hat) and H * (1 - H), the same numbers as
    # sigmoid_derivative(Z2) and sigmoid_derivative(Z1).
    dZ2 = dY_hat * (Y_hat * (1.0 - Y_hat))
    dH = dZ2 @ params["W2"].T
    dZ1 = dH * (H * (1.0 - H))
    return {
        "W1": X.T @ dZ1,
        "b1": dZ1.sum(axis=0),
        "W2": H.T @ dZ2,
        "b2": dZ2.sum(axis=0),
    }


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
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    """Binary predictions of the network: 1 where Y_hat >= 0.5, else 0.

    Args:
        params: dict with "W1", "b1", "W2", "b2".
        X: inputs, shape (N, n_in).

    Returns:
        Integer array of shape (N, n_out).
    """
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
