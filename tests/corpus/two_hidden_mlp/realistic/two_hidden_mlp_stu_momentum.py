"""Two hidden layer regression net (column layout).
I added momentum to training because the convergence was slow for me."""
import numpy as np

MOMENTUM = 0.9


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    shapes = [(hidden1_dim, input_dim), (hidden2_dim, hidden1_dim), (output_dim, hidden2_dim)]
    params = []
    for (n_out, n_in) in shapes:
        params.append(rng.standard_normal((n_out, n_in)) * (1.0 / np.sqrt(n_in)))
        params.append(np.zeros((n_out, 1)))
    return params


def sigmoid(x):
    return 0.5 * (1 + np.tanh(np.asarray(x, dtype=float) / 2))


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(np.sum((predictions - targets) ** 2) * 0.5 / B)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = sigmoid(W1 @ X + b1)
    h2 = sigmoid(W2 @ h1 + b2)
    return [X, h1, h2, W3 @ h2 + b3]


def backward(activations, targets, parameters):
    X, h1, h2, y = activations
    _, _, W2, _, W3, _ = parameters
    e3 = deriv_squared_loss(y, targets)
    e2 = (W3.T @ e3) * (h2 - h2 ** 2)
    e1 = (W2.T @ e2) * (h1 - h1 ** 2)
    return [e1 @ X.T, e1.sum(1, keepdims=True), e2 @ h1.T, e2.sum(1, keepdims=True),
            e3 @ h2.T, e3.sum(1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    velocity = [np.zeros_like(p) for p in params]
    losses = [squared_loss(predict(params, X), Y)]
    for _ in range(epochs):
        grads = backward(forward(params, X), Y, params)
        for i in range(len(params)):
            velocity[i] = MOMENTUM * velocity[i] + grads[i]
            params[i] = params[i] - lr * velocity[i]
        losses.append(squared_loss(predict(params, X), Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
