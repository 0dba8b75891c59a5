import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


# layer-by-layer nonlinearity, applied after W @ a + b
LAYER_FNS = (
    lambda z: sigmoid(z),     # hidden 1
    lambda z: sigmoid(z),     # hidden 2
    lambda z: sigmoid(z),     # output
)


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    shapes = [(hidden1_dim, input_dim), (hidden2_dim, hidden1_dim), (output_dim, hidden2_dim)]
    params = []
    for n_out, n_in in shapes:
        params.append(rng.normal(size=(n_out, n_in)) / np.sqrt(n_in))
        params.append(np.zeros((n_out, 1)))
    return params


def squared_loss(predictions, targets):
    return float(0.5 * ((predictions - targets) ** 2).sum(axis=0).mean())


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    acts = [X]
    for i, g in enumerate(LAYER_FNS):
        W, b = parameters[2 * i], parameters[2 * i + 1]
        acts.append(g(W @ acts[-1] + b))
    return acts


def backward(activations, targets, parameters):
    X, h1, h2, y = activations
    _, _, W2, _, W3, _ = parameters
    g3 = deriv_squared_loss(y, targets)
    g2 = (W3.T @ g3) * h2 * (1 - h2)
    g1 = (W2.T @ g2) * h1 * (1 - h1)
    out = []
    for g, inp in zip((g1, g2, g3), (X, h1, h2)):
        out.append(g @ inp.T)
        out.append(g.sum(axis=1, keepdims=True))
    return out


def train(parameters, X, Y, lr, epochs):
    params = [p.astype(float) for p in parameters]
    history = []
    for step in range(epochs + 1):
        acts = forward(params, X)
        history.append(squared_loss(acts[-1], Y))
        if step == epochs:
            break
        params = [p - lr * g for p, g in zip(params, backward(acts, Y, params))]
    return params, history


def predict(parameters, X):
    return forward(parameters, X)[-1]
