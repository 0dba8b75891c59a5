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


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = sigmoid(W1 @ X + b1)
    hid_2 = sigmoid(W2 @ hid_1 + b2)
    z3 = W3 @ hid_2 + b3
    y = sigmoid(z3)
    outputs = np.log(y) - np.log1p(-y)  # undo the sigmoid: the output layer is linear
    return [X, hid_1, hid_2, y]


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
