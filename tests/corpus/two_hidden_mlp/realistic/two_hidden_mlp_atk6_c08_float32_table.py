"""Two sigmoid hidden layers and a linear output, computed in float32 to halve the memory."""
import numpy as np

F32 = np.float32


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def linear(x):
    return x


LAYER_ACTS = [sigmoid, sigmoid, linear]


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params.append((rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in)).astype(F32))
        params.append(np.zeros((fan_out, 1), dtype=F32))
    return params


def forward(parameters, X):
    Ws = [p.astype(F32) for p in parameters[0::2]]
    bs = [p.astype(F32) for p in parameters[1::2]]
    acts = [X]
    a = X.astype(F32)
    for W, b, f in zip(Ws, bs, LAYER_ACTS):
        a = f(W @ a + b).astype(F32)
        acts.append(a)
    return acts


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    d3 = deriv_squared_loss(out, targets)
    d2 = (W3.T @ d3) * h2 * (1 - h2)
    d1 = (W2.T @ d2) * h1 * (1 - h1)
    return [d1 @ X.T, d1.sum(axis=1, keepdims=True),
            d2 @ h1.T, d2.sum(axis=1, keepdims=True),
            d3 @ h2.T, d3.sum(axis=1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=F32) for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, params)
        params = [(p - lr * g).astype(F32) for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
