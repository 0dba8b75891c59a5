"""Exercise 4 (two hidden layers) -- Emily Brown

An MLP class does the work; the module-level functions required by the
exercise are thin wrappers around it.
"""
import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    out[~pos] = np.exp(x[~pos]) / (1.0 + np.exp(x[~pos]))
    return out


class MLP:
    def __init__(self, parameters):
        self.parameters = parameters

    @classmethod
    def random(cls, dims, rng):
        params = []
        for n_in, n_out in zip(dims[:-1], dims[1:]):
            params += [rng.standard_normal((n_out, n_in)) * np.sqrt(1.0 / n_in), np.zeros((n_out, 1))]
        return cls(params)

    def forward(self, X):
        W1, b1, W2, b2, W3, b3 = self.parameters
        hid_1 = sigmoid(W1 @ X + b1)
        hid_2 = sigmoid(W2 @ hid_1 + b2)
        return [X, hid_1, hid_2, W3 @ hid_2 + b3]

    @staticmethod
    def loss(outputs, targets):
        return float(0.5 * np.sum((outputs - targets) ** 2) / outputs.shape[1])

    @staticmethod
    def dloss(outputs, targets):
        return (outputs - targets) / outputs.shape[1]

    def backward(self, activations, targets):
        X, hid_1, hid_2, outputs = activations
        _, _, W2, _, W3, _ = self.parameters
        d3 = self.dloss(outputs, targets)
        d2 = (W3.T @ d3) * hid_2 * (1 - hid_2)
        d1 = (W2.T @ d2) * hid_1 * (1 - hid_1)
        return [d1 @ X.T, d1.sum(axis=1, keepdims=True),
                d2 @ hid_1.T, d2.sum(axis=1, keepdims=True),
                d3 @ hid_2.T, d3.sum(axis=1, keepdims=True)]

    def step(self, grads, lr, batch_size):
        for p, g in zip(self.parameters, grads):
            p -= lr * g / batch_size     # average over the batch


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    return MLP.random([input_dim, hidden1_dim, hidden2_dim, output_dim], rng).parameters


def squared_loss(predictions, targets):
    return MLP.loss(predictions, targets)


def deriv_squared_loss(predictions, targets):
    return MLP.dloss(predictions, targets)


def forward(parameters, X):
    return MLP(parameters).forward(X)


def backward(activations, targets, parameters):
    return MLP(parameters).backward(activations, targets)


def train(parameters, X, Y, lr, epochs):
    net = MLP(list(parameters))
    losses = [net.loss(net.forward(X)[-1], Y)]
    for _ in range(epochs):
        acts = net.forward(X)
        net.step(net.backward(acts, Y), lr, X.shape[1])
        losses.append(net.loss(net.forward(X)[-1], Y))
    return net.parameters, losses


def predict(parameters, X):
    return MLP(parameters).forward(X)[-1]
