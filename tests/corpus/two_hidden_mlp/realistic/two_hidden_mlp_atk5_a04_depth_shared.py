import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


class MLP:
    """Wraps the parameter list; layer k maps acts[k] to acts[k + 1]."""

    def __init__(self, parameters):
        self.Ws = list(parameters[0::2])
        self.bs = list(parameters[1::2])
        self.depth = len(self.Ws)   # number of hidden (sigmoid) layers

    def layer(self, k, a):
        z = self.Ws[k] @ a + self.bs[k]
        return sigmoid(z) if k < self.depth else z

    def forward(self, X):
        acts = [X]
        for k in range(len(self.Ws)):
            acts.append(self.layer(k, acts[-1]))
        return acts

    def backward(self, acts, targets):
        grads = [None] * (2 * len(self.Ws))
        da = deriv_squared_loss(acts[-1], targets)
        for k in reversed(range(len(self.Ws))):
            out = acts[k + 1]
            dz = da * out * (1.0 - out) if k < self.depth else da
            grads[2 * k] = dz @ acts[k].T
            grads[2 * k + 1] = dz.sum(axis=1, keepdims=True)
            da = self.Ws[k].T @ dz
        return grads


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params += [rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in), np.zeros((fan_out, 1))]
    return params


def forward(parameters, X):
    return MLP(parameters).forward(X)


def backward(activations, targets, parameters):
    return MLP(parameters).backward(activations, targets)


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    losses = [squared_loss(forward(params, X)[-1], Y)]
    for _ in range(epochs):
        net = MLP(params)
        acts = net.forward(X)
        grads = net.backward(acts, Y)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(forward(params, X)[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
