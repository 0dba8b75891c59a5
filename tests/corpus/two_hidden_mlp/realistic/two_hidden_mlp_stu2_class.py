"""Lab: MLP with two sigmoid hidden layers.   -- Wei Zhang

The network lives in a class; the required functions at the bottom are thin
wrappers around it.  Column-major like the handout: X is (features, batch).
"""
import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(x):
    """derivative of the sigmoid at x"""
    s = sigmoid(x)
    return s * (1.0 - s)


class MLP:
    def __init__(self, params):
        self.W1, self.b1, self.W2, self.b2, self.W3, self.b3 = [np.array(p, dtype=float) for p in params]

    @property
    def params(self):
        return [self.W1, self.b1, self.W2, self.b2, self.W3, self.b3]

    def forward(self, X):
        self.X = X
        self.z1 = self.W1 @ X + self.b1
        self.a1 = sigmoid(self.z1)
        self.z2 = self.W2 @ self.a1 + self.b2
        self.a2 = sigmoid(self.z2)
        self.out = self.W3 @ self.a2 + self.b3
        return [X, self.a1, self.a2, self.out]

    def backward(self, acts, T):
        X, a1, a2, out = acts
        e3 = deriv_squared_loss(out, T)
        e2 = (self.W3.T @ e3) * sigmoid_prime(a2)
        e1 = (self.W2.T @ e2) * sigmoid_prime(a1)
        return [e1 @ X.T, e1.sum(axis=1, keepdims=True),
                e2 @ a1.T, e2.sum(axis=1, keepdims=True),
                e3 @ a2.T, e3.sum(axis=1, keepdims=True)]

    def step(self, grads, lr):
        new = [p - lr * g for p, g in zip(self.params, grads)]
        return MLP(new)


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    out = []
    for a, b in zip(sizes, sizes[1:]):
        out.append(rng.standard_normal((b, a)) / np.sqrt(a))
        out.append(np.zeros((b, 1)))
    return out


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    return MLP(parameters).forward(X)


def backward(activations, targets, parameters):
    return MLP(parameters).backward(activations, targets)


def train(parameters, X, Y, lr, epochs):
    net = MLP(parameters)
    losses = [squared_loss(net.forward(X)[-1], Y)]
    for _ in range(epochs):
        acts = net.forward(X)
        net = net.step(net.backward(acts, Y), lr)
        losses.append(squared_loss(net.forward(X)[-1], Y))
    return net.params, losses


def predict(parameters, X):
    return MLP(parameters).forward(X)[-1]
