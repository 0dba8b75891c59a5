# Hana Novak -- two hidden layers, samples as columns
import numpy as np


def dsigmoid(a):
    # sigmoid' written with the activation a = sigmoid(x)
    return a - a * a


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(3):
        params.append(rng.normal(0.0, 1.0 / np.sqrt(dims[i]), (dims[i + 1], dims[i])))
        params.append(np.zeros((dims[i + 1], 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    acts = [X]
    for l in range(3):
        W, b = parameters[2 * l], parameters[2 * l + 1]
        z = W @ acts[-1] + b
        acts.append(sigmoid(z) if l < 2 else z)
    return acts


def backward(activations, targets, parameters):
    grads = [None] * 6
    delta = deriv_squared_loss(activations[3], targets)
    for l in (2, 1, 0):
        grads[2 * l] = delta @ activations[l].T
        grads[2 * l + 1] = np.sum(delta, axis=1, keepdims=True)
        if l > 0:
            delta = (parameters[2 * l].T @ delta) * dsigmoid(activations[l])
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
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
