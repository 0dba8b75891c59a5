import numpy as np
# Two-hidden-layer network, Aoife Quinn


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    return [arr for n_in, n_out in zip(sizes, sizes[1:])
            for arr in (rng.normal(scale=n_in ** -0.5, size=(n_out, n_in)), np.zeros((n_out, 1)))]


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


def squared_loss(predictions, targets):
    per_sample = 0.5 * np.sum((predictions - targets) ** 2, axis=0)
    return float(per_sample.mean())


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    acts = [X]
    for i in range(0, 6, 2):
        z = parameters[i] @ acts[-1] + parameters[i + 1]
        acts.append(sigmoid(z) if i < 4 else z)
    return acts


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    d3 = deriv_squared_loss(out, targets)
    d2 = (parameters[4].T @ d3) * h2 * (1.0 - h2)
    d1 = (parameters[2].T @ d2) * h1 * (1.0 - h1)
    return [d1 @ X.T, d1.sum(1, keepdims=True), d2 @ h1.T, d2.sum(1, keepdims=True),
            d3 @ h2.T, d3.sum(1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
    B = X.shape[1]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, params)
        grads = [g / B for g in grads]
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
