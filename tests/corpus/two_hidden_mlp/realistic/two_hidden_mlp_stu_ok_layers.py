"""two_hidden_mlp -- my version with a small Dense layer class.
Columns are samples, weights are (out, in), biases (n, 1)."""
import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


class Dense:
    def __init__(self, W, b, squash):
        self.W, self.b, self.squash = W, b, squash

    def __call__(self, a):
        z = self.W @ a + self.b
        return sigmoid(z) if self.squash else z


def _layers(parameters):
    W1, b1, W2, b2, W3, b3 = parameters
    return [Dense(W1, b1, True), Dense(W2, b2, True), Dense(W3, b3, False)]


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    params = []
    for n_in, n_out in [(input_dim, hidden1_dim), (hidden1_dim, hidden2_dim), (hidden2_dim, output_dim)]:
        params += [rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_out, n_in)), np.zeros((n_out, 1))]
    return params


def squared_loss(predictions, targets):
    d = predictions - targets
    return float(0.5 * np.einsum("kb,kb->", d, d) / d.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    acts = [X]
    for layer in _layers(parameters):
        acts.append(layer(acts[-1]))
    return acts


def backward(activations, targets, parameters):
    Ws = parameters[0::2]
    delta = deriv_squared_loss(activations[-1], targets)
    grads = [None] * 6
    for l in (2, 1, 0):
        a_in = activations[l]
        grads[2 * l] = delta @ a_in.T
        grads[2 * l + 1] = np.sum(delta, axis=1, keepdims=True)
        if l > 0:
            delta = (Ws[l].T @ delta) * a_in * (1.0 - a_in)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.copy(p) for p in parameters]
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
