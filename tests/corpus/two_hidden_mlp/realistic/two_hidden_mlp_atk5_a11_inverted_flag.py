import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def readout(W, a, b, linear=True):
    """The last layer: linear for regression, squashed for classification."""
    z = W @ a + b
    return sigmoid(z) if linear else z


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    out = []
    for n_in, n_out in ((input_dim, hidden1_dim), (hidden1_dim, hidden2_dim), (hidden2_dim, output_dim)):
        out.extend([rng.standard_normal((n_out, n_in)) / np.sqrt(n_in), np.zeros((n_out, 1))])
    return out


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = sigmoid(W1 @ X + b1)
    h2 = sigmoid(W2 @ h1 + b2)
    y = readout(W3, h2, b3, linear=True)
    return [X, h1, h2, y]


def backward(activations, targets, parameters):
    X, h1, h2, y = activations
    _, _, W2, _, W3, _ = parameters
    dy = deriv_squared_loss(y, targets)
    dh2 = (W3.T @ dy) * h2 * (1 - h2)
    dh1 = (W2.T @ dh2) * h1 * (1 - h1)
    grads = []
    for d, inp in ((dh1, X), (dh2, h1), (dy, h2)):
        grads += [d @ inp.T, d.sum(axis=1, keepdims=True)]
    return grads


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
