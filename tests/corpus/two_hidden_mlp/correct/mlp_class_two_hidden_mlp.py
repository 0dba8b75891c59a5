"""Homework 4 - two hidden layer MLP
Ben Okafor

I put everything in a small MLP class because that is how I'd write it for real,
and the required functions just call into it.
"""
import numpy as np


class MLP:
    """Holds the 6 parameters as attributes W1, b1, ... (column-major: W is (out, in))."""

    def __init__(self, parameters):
        # copy so nobody's arrays get changed from the outside
        self.W1, self.b1, self.W2, self.b2, self.W3, self.b3 = [np.array(p, dtype=float, copy=True)
                                                               for p in parameters]

    @classmethod
    def random(cls, sizes, rng):
        params = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            params.append(rng.normal(0.0, 1.0 / np.sqrt(fan_in), size=(fan_out, fan_in)))
            params.append(np.zeros((fan_out, 1)))
        return cls(params)

    @property
    def params(self):
        return [self.W1, self.b1, self.W2, self.b2, self.W3, self.b3]

    @staticmethod
    def act(z):
        # stable sigmoid: only ever exp of a non-positive number
        z = np.asarray(z, dtype=float)
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    def forward(self, X):
        h1 = self.act(self.W1 @ X + self.b1)
        h2 = self.act(self.W2 @ h1 + self.b2)
        y = self.W3 @ h2 + self.b3
        return [X, h1, h2, y]

    def backward(self, cache, T):
        X, h1, h2, y = cache
        B = X.shape[1]
        g3 = (y - T) / B
        dW3 = g3 @ h2.T
        db3 = np.sum(g3, axis=1, keepdims=True)
        g2 = (self.W3.T @ g3) * h2 * (1 - h2)
        dW2 = g2 @ h1.T
        db2 = np.sum(g2, axis=1, keepdims=True)
        g1 = (self.W2.T @ g2) * h1 * (1 - h1)
        dW1 = g1 @ X.T
        db1 = np.sum(g1, axis=1, keepdims=True)
        return [dW1, db1, dW2, db2, dW3, db3]

    def step(self, grads, lr):
        self.W1 = self.W1 - lr * grads[0]
        self.b1 = self.b1 - lr * grads[1]
        self.W2 = self.W2 - lr * grads[2]
        self.b2 = self.b2 - lr * grads[3]
        self.W3 = self.W3 - lr * grads[4]
        self.b3 = self.b3 - lr * grads[5]

    def loss(self, X, T):
        return squared_loss(self.forward(X)[-1], T)


# ---------------------------------------------------------------- the required functions

def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    return MLP.random([input_dim, hidden1_dim, hidden2_dim, output_dim], rng).params


def sigmoid(x):
    return MLP.act(x)


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(0.5 * np.sum((predictions - targets) ** 2) / B)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    return MLP(parameters).forward(X)


def backward(activations, targets, parameters):
    return MLP(parameters).backward(activations, targets)


def train(parameters, X, Y, lr, epochs):
    net = MLP(parameters)
    losses = [net.loss(X, Y)]
    for _ in range(epochs):
        grads = net.backward(net.forward(X), Y)
        net.step(grads, lr)
        losses.append(net.loss(X, Y))
    return net.params, losses


def predict(parameters, X):
    return MLP(parameters).forward(X)[3]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(2, 60))
    Y = (np.sin(X[0]) * np.cos(X[1]))[None, :]
    p = initialize(2, 8, 8, 1, rng)
    p, L = train(p, X, Y, 2.0, 400)
    print("first loss", L[0], "last loss", L[-1])
