import numpy as np

# ex4 -- Noah Fischer. short version.

sigmoid = lambda x: 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=float)))
squared_loss = lambda p, t: float(0.5 * np.mean((p - t) ** 2))
deriv_squared_loss = lambda p, t: (p - t) / p.size


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    d = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    return [a for i in range(3) for a in (rng.standard_normal((d[i + 1], d[i])) / d[i] ** .5, np.zeros((d[i + 1], 1)))]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = sigmoid(W1 @ X + b1); h2 = sigmoid(W2 @ h1 + b2)
    return [X, h1, h2, W3 @ h2 + b3]


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    d3 = deriv_squared_loss(out, targets)
    d2 = parameters[4].T @ d3 * h2 * (1 - h2)
    d1 = parameters[2].T @ d2 * h1 * (1 - h1)
    return [g for d, a in ((d1, X), (d2, h1), (d3, h2)) for g in (d @ a.T, d.sum(1, keepdims=True))]


def train(parameters, X, Y, lr, epochs):
    ps, losses = list(parameters), [squared_loss(forward(parameters, X)[-1], Y)]
    for _ in range(epochs):
        ps = [p - lr * g for p, g in zip(ps, backward(forward(ps, X), Y, ps))]
        losses.append(squared_loss(forward(ps, X)[-1], Y))
    return ps, losses


predict = lambda parameters, X: forward(parameters, X)[-1]
