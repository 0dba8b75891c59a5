"""Layer objects; the readout gets act=None (linear)."""
import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Dense:
    def __init__(self, W, b, act=None):
        self.W = W
        self.b = b
        self.act = act

    def __call__(self, a):
        z = self.W @ a + self.b
        return z if self.act is None else self.act(z)


def network(parameters):
    W1, b1, W2, b2, W3, b3 = parameters
    return [Dense(W1, b1, sigmoid),
            Dense(W2, b2, sigmoid),
            Dense(W3, b3)]


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    params = []
    fan_in = input_dim
    for fan_out in (hidden1_dim, hidden2_dim, output_dim):
        params += [rng.normal(0.0, fan_in ** -0.5, (fan_out, fan_in)), np.zeros((fan_out, 1))]
        fan_in = fan_out
    return params


def squared_loss(predictions, targets):
    return float(0.5 * np.square(predictions - targets).sum() / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    acts = [X]
    for layer in network(parameters):
        acts.append(layer(acts[-1]))
    return acts


def backward(activations, targets, parameters):
    layers = network(parameters)
    grads = []
    delta = deriv_squared_loss(activations[-1], targets)
    for k in range(len(layers) - 1, -1, -1):
        grads = [delta @ activations[k].T, delta.sum(axis=1, keepdims=True)] + grads
        if k > 0:
            h = activations[k]
            delta = layers[k].W.T @ delta * h * (1 - h)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.copy(p) for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        params = [p - lr * g for p, g in zip(params, backward(acts, Y, params))]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
