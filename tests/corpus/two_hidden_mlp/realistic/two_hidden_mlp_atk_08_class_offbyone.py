import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Net:
    def __init__(self, parameters):
        self.W = list(parameters[0::2])
        self.b = list(parameters[1::2])
        self.depth = len(self.W)

    def layer(self, k, a):
        z = self.W[k - 1] @ a + self.b[k - 1]
        return sigmoid(z) if k <= self.depth else z

    def run(self, X):
        hid_1 = self.layer(1, X)
        hid_2 = self.layer(2, hid_1)
        outputs = self.layer(3, hid_2)
        return [X, hid_1, hid_2, outputs]


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params += [rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in), np.zeros((fan_out, 1))]
    return params


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    return Net(parameters).run(X)


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d3 = deriv_squared_loss(outputs, targets)
    d2 = (W3.T @ d3) * hid_2 * (1.0 - hid_2)
    d1 = (W2.T @ d2) * hid_1 * (1.0 - hid_1)
    return [d1 @ X.T, d1.sum(axis=1, keepdims=True),
            d2 @ hid_1.T, d2.sum(axis=1, keepdims=True),
            d3 @ hid_2.T, d3.sum(axis=1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
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
