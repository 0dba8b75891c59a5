import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def identity(x):
    return x


# (weight index, bias index, nonlinearity) for every layer, input to output
LAYERS = (
    (0, 1, sigmoid),
    (2, 3, sigmoid),
    (4, 5, identity),
)


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        params.append(rng.standard_normal((n_out, n_in)) / np.sqrt(n_in))
        params.append(np.zeros((n_out, 1)))
    return params


def squared_loss(predictions, targets):
    return float(0.5 * np.sum((predictions - targets) ** 2) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    acts = [X]
    for i, (wi, bi, f) in enumerate(LAYERS):
        acts.append(f(parameters[wi] @ acts[i] + parameters[bi]))
    return acts


def backward(activations, targets, parameters):
    grads = [None] * len(parameters)
    delta = deriv_squared_loss(activations[-1], targets)
    for i in reversed(range(len(LAYERS))):
        wi, bi, _ = LAYERS[i]
        grads[wi] = delta @ activations[i].T
        grads[bi] = delta.sum(axis=1, keepdims=True)
        if i > 0:
            h = activations[i]
            delta = (parameters[wi].T @ delta) * h * (1.0 - h)
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
