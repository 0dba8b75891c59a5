import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = (input_dim, hidden1_dim, hidden2_dim, output_dim)
    out = []
    for i in range(3):
        fan_in, fan_out = sizes[i], sizes[i + 1]
        out.append(rng.standard_normal((fan_out, fan_in)) * np.sqrt(1.0 / fan_in))
        out.append(np.zeros((fan_out, 1)))
    return out


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def squared_loss(predictions, targets):
    return float(np.mean(0.5 * np.sum((predictions - targets) ** 2, axis=0)))


def deriv_squared_loss(predictions, targets):
    B = predictions.shape[1]
    return (predictions - targets) / B


def forward(parameters, X):
    pairs = list(zip(parameters[0::2], parameters[1::2]))
    *hidden, (W_out, b_out) = pairs
    hidden_fns = [sigmoid,   # layer 1
                  sigmoid]   # layer 2
    a = X
    acts = [X]
    for (W, b), f in zip(hidden, hidden_fns):
        a = f(W @ a + b)
        acts.append(a)
    out = f(W_out @ a + b_out)
    acts.append(out)
    return acts


def backward(activations, targets, parameters):
    weights = parameters[0::2]
    grads = [None] * len(parameters)
    delta = deriv_squared_loss(activations[-1], targets)
    for layer in reversed(range(3)):
        a_in = activations[layer]
        grads[2 * layer] = delta @ a_in.T
        grads[2 * layer + 1] = np.sum(delta, axis=1, keepdims=True)
        if layer > 0:
            delta = (weights[layer].T @ delta) * a_in * (1.0 - a_in)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
    losses = []
    for epoch in range(epochs + 1):
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
        if epoch < epochs:
            grads = backward(acts, Y, params)
            params = [p - lr * g for p, g in zip(params, grads)]
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
