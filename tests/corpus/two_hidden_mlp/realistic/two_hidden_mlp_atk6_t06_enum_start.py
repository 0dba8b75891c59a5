import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def squared_loss(predictions, targets):
    return float(0.5 * np.mean(np.sum((predictions - targets) ** 2, axis=0)))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


class MLP:
    """Layers are numbered 1, 2, 3; layers 1 .. n_hidden are sigmoid, the last one is linear."""

    def __init__(self, parameters):
        self.Ws = parameters[0::2]
        self.bs = parameters[1::2]
        self.n_hidden = len(self.Ws) - 1

    def layer(self, number, W, b, a):
        z = W @ a + b
        return sigmoid(z) if number <= self.n_hidden else z

    def forward(self, X):
        acts = [X]
        for number, (W, b) in enumerate(zip(self.Ws, self.bs)):
            acts.append(self.layer(number, W, b, acts[-1]))
        return acts

    def output(self, X):
        a = X
        for number, (W, b) in enumerate(zip(self.Ws, self.bs), start=1):
            a = self.layer(number, W, b, a)
        return a


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = (input_dim, hidden1_dim, hidden2_dim, output_dim)
    params = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        params += [rng.standard_normal((fan_out, fan_in)) * np.sqrt(1.0 / fan_in), np.zeros((fan_out, 1))]
    return params


def forward(parameters, X):
    return MLP(parameters).forward(X)


def backward(activations, targets, parameters):
    Ws = parameters[0::2]
    X, h1, h2, out = activations
    d3 = deriv_squared_loss(out, targets)
    d2 = (Ws[2].T @ d3) * h2 * (1 - h2)
    d1 = (Ws[1].T @ d2) * h1 * (1 - h1)
    grads = []
    for d, a_in in ((d1, X), (d2, h1), (d3, h2)):
        grads += [d @ a_in.T, d.sum(axis=1, keepdims=True)]
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    losses = [squared_loss(predict(params, X), Y)]
    for _ in range(epochs):
        grads = backward(forward(params, X), Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(predict(params, X), Y))
    return params, losses


def predict(parameters, X):
    return MLP(parameters).output(X)
