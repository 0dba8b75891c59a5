import numpy as np

N_LAYERS = 3   # three weight layers: two hidden + output


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(N_LAYERS):
        params.append(rng.normal(0.0, 1.0, (dims[i + 1], dims[i])) / np.sqrt(dims[i]))
        params.append(np.zeros((dims[i + 1], 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(np.minimum(x, 0)) / (1.0 + np.exp(-np.abs(x)))


def squared_loss(predictions, targets):
    B = targets.shape[1]
    return float(0.5 * ((predictions - targets) ** 2).sum() / B)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / targets.shape[1]


def forward(parameters, X):
    acts = [X]
    a = X
    for layer in range(1, N_LAYERS + 1):
        W, b = parameters[2 * layer - 2], parameters[2 * layer - 1]
        z = W @ a + b
        if layer <= N_LAYERS:
            a = sigmoid(z)
        else:
            a = z          # output layer is linear
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
