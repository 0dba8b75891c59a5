# Elena Rossi - two hidden layer MLP
# Everything in float32 (like on the GPU in my other course), it's faster and uses half the memory.

import numpy as np

DTYPE = np.float32


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(3):
        n_in, n_out = sizes[i], sizes[i + 1]
        W = rng.standard_normal((n_out, n_in), dtype=DTYPE) / DTYPE(np.sqrt(n_in))
        b = np.zeros((n_out, 1), dtype=DTYPE)
        params += [W, b]
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=DTYPE)
    e = np.exp(-np.abs(x))
    s = np.where(x >= 0, DTYPE(1) / (DTYPE(1) + e), e / (DTYPE(1) + e))
    return s.astype(DTYPE)


def squared_loss(predictions, targets):
    p = np.asarray(predictions, dtype=DTYPE)
    t = np.asarray(targets, dtype=DTYPE)
    B = p.shape[1]
    return float(DTYPE(0.5) * np.sum((p - t) ** 2) / DTYPE(B))


def deriv_squared_loss(predictions, targets):
    p = np.asarray(predictions, dtype=DTYPE)
    t = np.asarray(targets, dtype=DTYPE)
    return (p - t) / DTYPE(p.shape[1])


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = [np.asarray(p, dtype=DTYPE) for p in parameters]
    X = np.asarray(X, dtype=DTYPE)
    h1 = sigmoid(W1 @ X + b1)
    h2 = sigmoid(W2 @ h1 + b2)
    out = W3 @ h2 + b3
    return [X, h1, h2, out]


def backward(activations, targets, parameters):
    X, h1, h2, out = [np.asarray(a, dtype=DTYPE) for a in activations]
    W1, b1, W2, b2, W3, b3 = [np.asarray(p, dtype=DTYPE) for p in parameters]
    one = DTYPE(1)

    d3 = deriv_squared_loss(out, targets)
    d2 = (W3.T @ d3) * (h2 * (one - h2))
    d1 = (W2.T @ d2) * (h1 * (one - h1))

    grads = [d1 @ X.T, d1.sum(axis=1, keepdims=True),
             d2 @ h1.T, d2.sum(axis=1, keepdims=True),
             d3 @ h2.T, d3.sum(axis=1, keepdims=True)]
    return [g.astype(DTYPE) for g in grads]


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=DTYPE) for p in parameters]   # np.array copies
    lr = DTYPE(lr)
    acts = forward(params, X)
    losses = [squared_loss(acts[3], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[3], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[3]
