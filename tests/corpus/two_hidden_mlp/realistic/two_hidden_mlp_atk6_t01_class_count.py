"""Two sigmoid hidden layers and a linear readout, written as a small network class."""
import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


class Network:
    # how many of the layers are hidden (sigmoid) layers
    n_hidden = 3

    def __init__(self, parameters):
        self.weights = list(parameters[0::2])
        self.biases = list(parameters[1::2])

    def layer(self, k, a):
        z = self.weights[k] @ a + self.biases[k]
        return sigmoid(z) if k < self.n_hidden else z

    def forward(self, X):
        acts = [X]
        for k in range(len(self.weights)):
            acts.append(self.layer(k, acts[-1]))
        return acts

    def backward(self, acts, targets):
        hidden = self.n_hidden
        grads = [None] * (2 * len(self.weights))
        da = deriv_squared_loss(acts[-1], targets)
        for k in reversed(range(len(self.weights))):
            out = acts[k + 1]
            if k < hidden:
                dz = da * out * (1.0 - out)
            else:
                dz = da
            grads[2 * k] = dz @ acts[k].T
            grads[2 * k + 1] = dz.sum(axis=1, keepdims=True)
            da = self.weights[k].T @ dz
        return grads


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        params.append(rng.standard_normal((n_out, n_in)) / np.sqrt(n_in))
        params.append(np.zeros((n_out, 1)))
    return params


def forward(parameters, X):
    return Network(parameters).forward(X)


def backward(activations, targets, parameters):
    return Network(parameters).backward(activations, targets)


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
    losses = [squared_loss(forward(params, X)[-1], Y)]
    for _ in range(epochs):
        acts = forward(params, X)
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(forward(params, X)[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
