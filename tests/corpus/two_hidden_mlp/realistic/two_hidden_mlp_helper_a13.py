import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(3):
        params.append(rng.normal(0.0, 1.0 / np.sqrt(dims[i]), size=(dims[i + 1], dims[i])))
        params.append(np.zeros((dims[i + 1], 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(a):
    # derivative of sigmoid written with its output a = sigmoid(z)
    return a * (1.0 - a)


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(0.5 * np.sum((predictions - targets) ** 2) / B)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = sigmoid(W1 @ X + b1)
    h2 = sigmoid(W2 @ h1 + b2)
    out = W3 @ h2 + b3
    return [X, h1, h2, out]


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d3 = deriv_squared_loss(out, targets) * sigmoid_prime(out)
    d2 = (W3.T @ d3) * sigmoid_prime(h2)
    d1 = (W2.T @ d2) * sigmoid_prime(h1)
    return [d1 @ X.T, d1.sum(axis=1, keepdims=True),
            d2 @ h1.T, d2.sum(axis=1, keepdims=True),
            d3 @ h2.T, d3.sum(axis=1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
