"""Two hidden layers, column-major. Every layer goes through `layer`."""
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = (input_dim, hidden1_dim, hidden2_dim, output_dim)
    params = []
    for i in range(3):
        params += [rng.normal(size=(dims[i + 1], dims[i])) * dims[i] ** -0.5, np.zeros((dims[i + 1], 1))]
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def layer(W, A, b):
    z = np.dot(W, A) + b
    return sigmoid(z)


def squared_loss(predictions, targets):
    diff = predictions - targets
    return float(0.5 * np.einsum("ij,ij->", diff, diff) / diff.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / targets.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = layer(W1, X, b1)
    h2 = layer(W2, h1, b2)
    out = layer(W3, h2, b3)
    return [X, h1, h2, out]


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    W1, _, W2, _, W3, _ = parameters
    g3 = deriv_squared_loss(out, targets)
    g2 = np.dot(W3.T, g3) * h2 * (1.0 - h2)
    g1 = np.dot(W2.T, g2) * h1 * (1.0 - h1)
    grads = []
    for g, a in ((g1, X), (g2, h1), (g3, h2)):
        grads.append(np.dot(g, a.T))
        grads.append(np.sum(g, axis=1, keepdims=True))
    return grads


def train(parameters, X, Y, lr, epochs):
    current = [np.array(p, dtype=float) for p in parameters]
    acts = forward(current, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, current)
        current = [p - lr * g for p, g in zip(current, grads)]
        acts = forward(current, X)
        losses.append(squared_loss(acts[-1], Y))
    return current, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
