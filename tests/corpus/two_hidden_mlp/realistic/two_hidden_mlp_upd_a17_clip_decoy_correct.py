import numpy as np

# safety net against exploding gradients (never reached on this data)
MAX_GRAD_NORM = 1.0e6


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(3):
        n_in, n_out = dims[i], dims[i + 1]
        params.append(rng.standard_normal((n_out, n_in)) * (1.0 / np.sqrt(n_in)))
        params.append(np.zeros((n_out, 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    diff = predictions - targets
    return float(np.sum(diff ** 2) / (2 * B))


def deriv_squared_loss(predictions, targets):
    B = predictions.shape[1]
    return (predictions - targets) / B


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    a1 = sigmoid(W1 @ X + b1)
    a2 = sigmoid(W2 @ a1 + b2)
    out = W3 @ a2 + b3
    return [X, a1, a2, out]


def backward(activations, targets, parameters):
    X, a1, a2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d3 = deriv_squared_loss(out, targets)
    dW3 = d3 @ a2.T
    db3 = np.sum(d3, axis=1, keepdims=True)
    d2 = (W3.T @ d3) * a2 * (1 - a2)
    dW2 = d2 @ a1.T
    db2 = np.sum(d2, axis=1, keepdims=True)
    d1 = (W2.T @ d2) * a1 * (1 - a1)
    dW1 = d1 @ X.T
    db1 = np.sum(d1, axis=1, keepdims=True)
    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    B = X.shape[1]
    params = [p.copy() for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for step in range(epochs):
        grads = backward(acts, Y, params)
        total_norm = np.sqrt(sum(np.sum(g ** 2) for g in grads))
        grads = [g / max(1.0, total_norm / MAX_GRAD_NORM) for g in grads]
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
