import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


def activation_table(n_layers):
    """The nonlinearity of every layer, first to last."""
    return [sigmoid] * n_layers


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for fan_in, fan_out in zip(dims, dims[1:]):
        params.append(rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in))
        params.append(np.zeros((fan_out, 1)))
    return params


def squared_loss(predictions, targets):
    return float(0.5 * np.sum(np.square(predictions - targets)) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    Ws, bs = parameters[0::2], parameters[1::2]
    fns = activation_table(len(Ws))
    a = X
    acts = [a]
    for W, b, f in zip(Ws, bs, fns):
        a = f(W @ a + b)
        acts.append(a)
    return acts


def backward(activations, targets, parameters):
    Ws = parameters[0::2]
    n = len(Ws)
    delta = deriv_squared_loss(activations[-1], targets)
    grads = []
    for k in range(n - 1, -1, -1):
        a_in = activations[k]
        grads = [delta @ a_in.T, delta.sum(axis=1, keepdims=True)] + grads
        if k > 0:
            delta = (Ws[k].T @ delta) * a_in * (1 - a_in)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float, copy=True) for p in parameters]
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
