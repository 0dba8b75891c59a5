import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = (input_dim, hidden1_dim, hidden2_dim, output_dim)
    out = []
    for i in range(3):
        out += [rng.standard_normal((dims[i + 1], dims[i])) / np.sqrt(dims[i]), np.zeros((dims[i + 1], 1))]
    return out


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def squared_loss(predictions, targets):
    return float(np.mean(0.5 * np.sum((predictions - targets) ** 2, axis=0)))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


class Dense:
    def __init__(self, W, b, activation=None):
        self.W, self.b, self.activation = W, b, activation

    def __call__(self, a):
        z = self.W @ a + self.b
        return z if self.activation is None else self.activation(z)


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    net = [Dense(W1, b1[:, 0], sigmoid), Dense(W2, b2[:, 0], sigmoid), Dense(W3, b3[:, 0])]

    def run(x):
        outs = [x]
        for layer in net:
            outs.append(layer(outs[-1]))
        return outs[1:]

    per_sample = [run(X[:, j]) for j in range(X.shape[1])]
    hid_1, hid_2, outputs = (np.column_stack(col) for col in zip(*per_sample))
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    Ws = parameters[0::2]
    delta = deriv_squared_loss(activations[-1], targets)
    grads = [None] * 6
    for k in (2, 1, 0):
        grads[2 * k] = delta @ activations[k].T
        grads[2 * k + 1] = np.sum(delta, axis=1, keepdims=True)
        if k > 0:
            a = activations[k]
            delta = (Ws[k].T @ delta) * a * (1.0 - a)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [p.astype(float).copy() for p in parameters]
    losses = []
    for epoch in range(epochs + 1):
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
        if epoch == epochs:
            break
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
