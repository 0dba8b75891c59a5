# Kai Müller -- two_hidden_mlp
# OOP version: the network object caches its activations from the last forward
# pass so backward doesn't need them passed around.

import numpy as np


class TwoHiddenNet:
    def __init__(self, params):
        self.params = [np.array(p, dtype=float) for p in params]
        self.cache = None

    def sig(self, z):
        return np.exp(-np.logaddexp(0.0, -z))

    def forward(self, X):
        W1, b1, W2, b2, W3, b3 = self.params
        h1 = self.sig(W1 @ X + b1)
        h2 = self.sig(W2 @ h1 + b2)
        out = W3 @ h2 + b3
        self.cache = [X, h1, h2, out]
        return self.cache

    def gradients(self, Y, cache=None):
        X, h1, h2, out = self.cache if cache is None else cache
        W1, b1, W2, b2, W3, b3 = self.params
        B = X.shape[1]
        d3 = (out - Y) / B
        d2 = (W3.T @ d3) * h2 * (1 - h2)
        d1 = (W2.T @ d2) * h1 * (1 - h1)
        return [d1 @ X.T, d1.sum(1, keepdims=True),
                d2 @ h1.T, d2.sum(1, keepdims=True),
                d3 @ h2.T, d3.sum(1, keepdims=True)]

    def update(self, grads, lr):
        self.params = [p - lr * g for p, g in zip(self.params, grads)]

    def loss(self, X, Y):
        W1, b1, W2, b2, W3, b3 = self.params
        out = W3 @ self.sig(W2 @ self.sig(W1 @ X + b1) + b2) + b3
        return squared_loss(out, Y)


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = (input_dim, hidden1_dim, hidden2_dim, output_dim)
    ps = []
    for fan_in, fan_out in zip(dims, dims[1:]):
        ps += [rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in), np.zeros((fan_out, 1))]
    return ps


def sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=float)))


def squared_loss(predictions, targets):
    return float(0.5 * ((predictions - targets) ** 2).sum() / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    return list(TwoHiddenNet(parameters).forward(X))


def backward(activations, targets, parameters):
    return TwoHiddenNet(parameters).gradients(targets, cache=activations)


def train(parameters, X, Y, lr, epochs):
    net = TwoHiddenNet(parameters)
    net.forward(X)
    losses = [net.loss(X, Y)]
    for epoch in range(epochs):
        grads = net.gradients(Y)        # uses the cached activations
        net.update(grads, lr)
        losses.append(net.loss(X, Y))
    return net.params, losses


def predict(parameters, X):
    return TwoHiddenNet(parameters).forward(X)[-1]
