import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params.append(rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in))
        params.append(np.zeros((fan_out, 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def sigmoid_deriv(a):
    return a - a * a


def squared_loss(predictions, targets):
    return float(np.mean(0.5 * np.sum((predictions - targets) ** 2, axis=0)))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


ACTS = {"hidden": sigmoid, "output": lambda z: z}
ROLES = ("hidden", "hidden", "output")


def forward(parameters, X):
    A = X.T                                   # rows are samples inside
    acts = [X]
    for (W, b), role in zip(zip(parameters[0::2], parameters[1::2]), ROLES):
        A = ACTS[role](A @ W.T + b.T)
        acts.append(A.T)
    return acts


def backward(activations, targets, parameters):
    Ws = parameters[0::2]
    delta = deriv_squared_loss(activations[-1], targets).T
    grads = [None] * 6
    for k in (2, 1, 0):
        a_in = activations[k].T
        grads[2 * k] = (a_in.T @ delta).T
        grads[2 * k + 1] = delta.sum(axis=0)[:, None]
        if k > 0:
            delta = (delta @ Ws[k]) * sigmoid_deriv(a_in)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
    losses = []
    for step in range(epochs + 1):
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
        if step == epochs:
            break
        params = [p - lr * g for p, g in zip(params, backward(acts, Y, params))]
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
