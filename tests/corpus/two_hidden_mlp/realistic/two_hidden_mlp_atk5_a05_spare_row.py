import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# one squashing function per hidden layer (room for up to four); the readout has none
HIDDEN_ACTS = [
    sigmoid,    # hidden 1
    sigmoid,    # hidden 2
    sigmoid,    # hidden 3
    sigmoid,    # hidden 4
]


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(len(dims) - 1):
        params.append(rng.standard_normal((dims[i + 1], dims[i])) / np.sqrt(dims[i]))
        params.append(np.zeros((dims[i + 1], 1)))
    return params


def squared_loss(predictions, targets):
    per_sample = 0.5 * np.sum((predictions - targets) ** 2, axis=0)
    return float(per_sample.mean())


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    Ws, bs = parameters[0::2], parameters[1::2]
    a, acts = X, [X]
    for k, (W, b, f) in enumerate(zip(Ws, bs, HIDDEN_ACTS)):
        z = W @ a + b
        a = z if k == len(Ws) else f(z)
        acts.append(a)
    return acts


def backward(activations, targets, parameters):
    Ws = parameters[0::2]
    L = len(Ws)
    grads = [None] * (2 * L)
    delta = deriv_squared_loss(activations[-1], targets)
    for k in range(L - 1, -1, -1):
        grads[2 * k] = delta @ activations[k].T
        grads[2 * k + 1] = delta.sum(axis=1, keepdims=True)
        if k:
            h = activations[k]
            delta = (Ws[k].T @ delta) * h * (1 - h)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.copy(p) for p in parameters]
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
