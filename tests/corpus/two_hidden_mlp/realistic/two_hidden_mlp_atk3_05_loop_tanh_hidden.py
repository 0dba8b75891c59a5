import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    out = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        out.append(rng.standard_normal((n_out, n_in)) / np.sqrt(n_in))
        out.append(np.zeros((n_out, 1)))
    return out


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    res = np.zeros_like(x)
    m = x >= 0
    res[m] = 1 / (1 + np.exp(-x[m]))
    res[~m] = np.exp(x[~m]) / (1 + np.exp(x[~m]))
    return res


def squared_loss(predictions, targets):
    return float(np.mean(0.5 * np.sum((predictions - targets) ** 2, axis=0)))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    acts = [X]
    A = X
    for i in (0, 2):
        W, b = parameters[i], parameters[i + 1]
        A = np.tanh(W @ A + b)
        acts.append(A)
    acts.append(parameters[4] @ A + parameters[5])
    return acts


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    delta = deriv_squared_loss(out, targets)
    grads = [None] * 6
    layer_inputs = [X, h1, h2]
    for k in (2, 1, 0):
        grads[2 * k] = delta @ layer_inputs[k].T
        grads[2 * k + 1] = delta.sum(axis=1, keepdims=True)
        if k > 0:
            a = layer_inputs[k]
            delta = (parameters[2 * k].T @ delta) * a * (1 - a)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    losses = [squared_loss(forward(params, X)[-1], Y)]
    for _ in range(epochs):
        acts = forward(params, X)
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(forward(params, X)[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
