# I'm used to rows = samples (that's how our other course did it), so
# internally everything is transposed to (batch, features) and the weights
# to (in, out); the functions take and return the handout's layout.
import numpy as np


def _to_rows(parameters):
    W1, b1, W2, b2, W3, b3 = parameters
    return [W1.T, b1.T, W2.T, b2.T, W3.T, b3.T]       # b: (1, n)


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = (input_dim, hidden1_dim, hidden2_dim, output_dim)
    out = []
    for a, b in zip(dims[:-1], dims[1:]):
        W_rows = rng.normal(0, 1, (a, b)) / np.sqrt(a)     # (in, out) in my layout
        out += [W_rows.T.copy(), np.zeros((b, 1))]
    return out


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    result = np.zeros_like(x)
    np.divide(1.0, 1.0 + np.exp(-x, where=x >= 0, out=np.zeros_like(x)), out=result, where=x >= 0)
    ex = np.exp(x, where=x < 0, out=np.zeros_like(x))
    np.divide(ex, 1.0 + ex, out=result, where=x < 0)
    return result


def squared_loss(predictions, targets):
    P, T = predictions.T, targets.T                     # (batch, out)
    return float(np.mean(((P - T) ** 2).sum(axis=1)))


def deriv_squared_loss(predictions, targets):
    P, T = predictions.T, targets.T
    return ((P - T) / P.shape[0]).T


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = _to_rows(parameters)
    A0 = X.T
    A1 = sigmoid(A0 @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    A3 = A2 @ W3 + b3
    return [A0.T, A1.T, A2.T, A3.T]


def backward(activations, targets, parameters):
    A0, A1, A2, A3 = [a.T for a in activations]
    W1, b1, W2, b2, W3, b3 = _to_rows(parameters)
    dZ3 = deriv_squared_loss(A3.T, targets).T            # (batch, out)
    dZ2 = (dZ3 @ W3.T) * A2 * (1 - A2)
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    grads_rows = [A0.T @ dZ1, dZ1.sum(axis=0, keepdims=True),
                  A1.T @ dZ2, dZ2.sum(axis=0, keepdims=True),
                  A2.T @ dZ3, dZ3.sum(axis=0, keepdims=True)]
    return [g.T for g in grads_rows]                    # back to (out, in) and (n, 1)


def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    losses = [squared_loss(predict(params, X), Y)]
    for _ in range(epochs):
        grads = backward(forward(params, X), Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(squared_loss(predict(params, X), Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
