"""Two sigmoid hidden layers, linear output, column-major (samples are columns).
The output error is built one sample (column) at a time."""
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(3):
        params.append(rng.standard_normal((dims[i + 1], dims[i])) / np.sqrt(dims[i]))
        params.append(np.zeros((dims[i + 1], 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _residual_grad(pred, target, n_samples):
    """Gradient of (1 / n_samples) * sum 0.5 * (pred - target)**2."""
    return (pred - target) / n_samples


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(0.5 * np.sum((predictions - targets) ** 2) / B)


def deriv_squared_loss(predictions, targets):
    return _residual_grad(predictions, targets, predictions.shape[1])


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    a1 = sigmoid(W1 @ X + b1)
    a2 = sigmoid(W2 @ a1 + b2)
    return [X, a1, a2, W3 @ a2 + b3]


def backward(activations, targets, parameters):
    X, a1, a2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d3 = np.zeros_like(out)
    for b in range(out.shape[1]):
        d3[:, b] = _residual_grad(out[:, b], targets[:, b], len(targets))
    d2 = (W3.T @ d3) * a2 * (1 - a2)
    d1 = (W2.T @ d2) * a1 * (1 - a1)
    return [d1 @ X.T, d1.sum(axis=1, keepdims=True),
            d2 @ a1.T, d2.sum(axis=1, keepdims=True),
            d3 @ a2.T, d3.sum(axis=1, keepdims=True)]


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
    return forward(parameters, X)[3]
