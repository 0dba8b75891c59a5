import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(np.sum((predictions - targets) ** 2) / (2 * B))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


class Dense:
    """A layer W @ a + b; hidden layers squash the result with their activation."""
    squash = True

    def __init__(self, W, b, activation):
        self.W = W
        self.b = b
        self.activation = activation

    def __call__(self, a):
        z = self.W @ a + self.b
        if self.squash:
            return self.activation(z)
        return z


def build(parameters):
    W1, b1, W2, b2, W3, b3 = parameters
    layers = [
        Dense(W1, b1, sigmoid),
        Dense(W2, b2, sigmoid),
        Dense(W3, b3, sigmoid),
    ]
    for layer in layers[:-1]:
        layer.squash = True
    return layers


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(3):
        params.append(rng.standard_normal((dims[i + 1], dims[i])) / np.sqrt(dims[i]))
        params.append(np.zeros((dims[i + 1], 1)))
    return params


def forward(parameters, X):
    layers = build(parameters)
    activations = [X]
    for layer in layers:
        activations.append(layer(activations[-1]))
    return activations


def backward(activations, targets, parameters):
    layers = build(parameters)
    grads = [None] * 6
    delta = deriv_squared_loss(activations[-1], targets)
    for i in (2, 1, 0):
        out = activations[i + 1]
        if layers[i].squash:
            delta = delta * out * (1.0 - out)
        grads[2 * i] = delta @ activations[i].T
        grads[2 * i + 1] = np.sum(delta, axis=1, keepdims=True)
        delta = layers[i].W.T @ delta
    return grads


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
