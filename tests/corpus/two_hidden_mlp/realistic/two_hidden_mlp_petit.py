"""Two-hidden-layer MLP -- Hugo Petit.

The course wants samples as columns and weights (out, in).  I find rows
easier, so inside every function I transpose: X.T is (B, in), W.T is
(in, out), and I transpose the results back at the end."""
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = (input_dim, hidden1_dim, hidden2_dim, output_dim)
    params = []
    for a, b in zip(dims[:-1], dims[1:]):
        params.append(rng.normal(0.0, 1.0, (b, a)) / np.sqrt(a))
        params.append(np.zeros((b, 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))


def squared_loss(predictions, targets):
    diff = (predictions - targets).T           # (B, out)
    return float(0.5 * np.mean(np.sum(diff ** 2, axis=1)))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    R0 = X.T                                    # rows
    R1 = sigmoid(R0 @ W1.T + b1.T)
    R2 = sigmoid(R1 @ W2.T + b2.T)
    R3 = R2 @ W3.T + b3.T
    return [X, R1.T, R2.T, R3.T]


def backward(activations, targets, parameters):
    W1, b1, W2, b2, W3, b3 = parameters
    R0, R1, R2, R3 = (a.T for a in activations)
    G3 = deriv_squared_loss(R3.T, targets).T    # (B, out)
    G2 = (G3 @ W3) * sigmoid(R2) * (1 - sigmoid(R2))
    G1 = (G2 @ W2) * R1 * (1 - R1)
    out = []
    for G, R in ((G1, R0), (G2, R1), (G3, R2)):
        out.append((R.T @ G).T)
        out.append(G.sum(axis=0)[:, None])
    return out


def train(parameters, X, Y, lr, epochs):
    params = [p.astype(float, copy=True) for p in parameters]
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
