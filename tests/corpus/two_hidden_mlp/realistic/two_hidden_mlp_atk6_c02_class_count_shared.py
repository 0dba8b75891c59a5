import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def squared_loss(predictions, targets):
    diff = predictions - targets
    return float(0.5 * np.einsum("ij,ij->", diff, diff) / diff.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


class Network:
    n_hidden = 2     # sigmoid layers before the linear readout

    def __init__(self, parameters):
        self.weights = list(parameters[0::2])
        self.biases = list(parameters[1::2])

    def layer(self, number, a):
        """Layer `number` (1, 2, 3) applied to a."""
        z = self.weights[number - 1] @ a + self.biases[number - 1]
        return sigmoid(z) if number <= self.n_hidden else z

    def forward(self, X):
        acts = [X]
        for number in range(1, len(self.weights) + 1):
            acts.append(self.layer(number, acts[-1]))
        return acts

    def backward(self, acts, targets):
        hidden = self.n_hidden
        grads = [None] * (2 * len(self.weights))
        da = deriv_squared_loss(acts[-1], targets)
        for number in range(len(self.weights), 0, -1):
            out = acts[number]
            dz = da * out * (1.0 - out) if number <= hidden else da
            grads[2 * number - 2] = dz @ acts[number - 1].T
            grads[2 * number - 1] = dz.sum(axis=1, keepdims=True)
            da = self.weights[number - 1].T @ dz
        return grads


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(3):
        params.append(rng.normal(0.0, 1.0 / np.sqrt(dims[i]), size=(dims[i + 1], dims[i])))
        params.append(np.zeros((dims[i + 1], 1)))
    return params


def forward(parameters, X):
    return Network(parameters).forward(X)


def backward(activations, targets, parameters):
    return Network(parameters).backward(activations, targets)


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    losses = [squared_loss(forward(params, X)[-1], Y)]
    for _ in range(epochs):
        net = Network(params)
        grads = net.backward(net.forward(X), Y)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(forward(params, X)[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
