# Chen Wei -- Assignment two_hidden_mlp
# I did the backward pass one sample (column) at a time first because that is how
# the lecture derived it, then added up the per-sample gradients.

import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.standard_normal((hidden1_dim, input_dim)) / np.sqrt(input_dim)
    b1 = np.zeros((hidden1_dim, 1))
    W2 = rng.standard_normal((hidden2_dim, hidden1_dim)) / np.sqrt(hidden1_dim)
    b2 = np.zeros((hidden2_dim, 1))
    W3 = rng.standard_normal((output_dim, hidden2_dim)) / np.sqrt(hidden2_dim)
    b3 = np.zeros((output_dim, 1))
    return [W1, b1, W2, b2, W3, b3]


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    pos = x >= 0
    neg = ~pos
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[neg])
    out[neg] = ex / (1.0 + ex)
    return out


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    total = 0.0
    for b in range(B):
        diff = predictions[:, b] - targets[:, b]
        total += 0.5 * np.dot(diff, diff)
    return float(total / B)


def deriv_squared_loss(predictions, targets):
    B = predictions.shape[1]
    return (predictions - targets) / B


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = sigmoid(W1 @ X + b1)
    hid_2 = sigmoid(W2 @ hid_1 + b2)
    outputs = W3 @ hid_2 + b3
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    B = X.shape[1]

    dW1 = np.zeros(W1.shape); db1 = np.zeros(b1.shape)
    dW2 = np.zeros(W2.shape); db2 = np.zeros(b2.shape)
    dW3 = np.zeros(W3.shape); db3 = np.zeros(b3.shape)

    dout_all = deriv_squared_loss(outputs, targets)   # already has the 1/B in it

    for b in range(B):
        # one sample as a column vector
        x = X[:, b].reshape(-1, 1)
        h1 = hid_1[:, b].reshape(-1, 1)
        h2 = hid_2[:, b].reshape(-1, 1)
        e3 = dout_all[:, b].reshape(-1, 1)

        dW3 += e3 @ h2.T
        db3 += e3

        e2 = (W3.T @ e3) * h2 * (1 - h2)
        dW2 += e2 @ h1.T
        db2 += e2

        e1 = (W2.T @ e2) * h1 * (1 - h1)
        dW1 += e1 @ x.T
        db1 += e1

    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    losses = []
    acts = forward(params, X)
    losses.append(squared_loss(acts[-1], Y))
    for epoch in range(epochs):
        grads = backward(acts, Y, params)
        for i in range(len(params)):
            params[i] = params[i] - lr * grads[i]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]


# quick gradient check I used while writing backward
def _grad_check():
    rng = np.random.default_rng(1)
    p = initialize(3, 4, 5, 2, rng)
    X = rng.standard_normal((3, 7)); T = rng.standard_normal((2, 7))
    g = backward(forward(p, X), T, p)
    eps = 1e-6
    worst = 0
    for k in range(6):
        num = np.zeros_like(p[k])
        for idx in np.ndindex(p[k].shape):
            pp = [q.copy() for q in p]; pp[k][idx] += eps
            pm = [q.copy() for q in p]; pm[k][idx] -= eps
            num[idx] = (squared_loss(forward(pp, X)[-1], T) - squared_loss(forward(pm, X)[-1], T)) / (2 * eps)
        worst = max(worst, np.max(np.abs(num - g[k])))
    print("max abs diff", worst)


_grad_check()
