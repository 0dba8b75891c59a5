# two hidden layer net, everything in float32 (halves the memory, and the
# lab machines' BLAS is faster in single precision)
import numpy as np

F = np.float32


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        W = (rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)).astype(F)
        b = np.zeros((n_out, 1), dtype=F)
        params += [W, b]
    return params


def sigmoid(x):
    x = np.asarray(x).astype(F)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, F(1) / (F(1) + e), e / (F(1) + e)).astype(F)


def squared_loss(predictions, targets):
    p = np.asarray(predictions).astype(F)
    t = np.asarray(targets).astype(F)
    return float(F(0.5) * np.sum((p - t) ** 2) / F(p.shape[1]))


def deriv_squared_loss(predictions, targets):
    p = np.asarray(predictions).astype(F)
    t = np.asarray(targets).astype(F)
    return (p - t) / F(p.shape[1])


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = [np.asarray(p).astype(F) for p in parameters]
    X = np.asarray(X).astype(F)
    hid_1 = sigmoid(W1 @ X + b1)
    hid_2 = sigmoid(W2 @ hid_1 + b2)
    outputs = W3 @ hid_2 + b3
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = [np.asarray(a).astype(F) for a in activations]
    W1, b1, W2, b2, W3, b3 = [np.asarray(p).astype(F) for p in parameters]
    d3 = deriv_squared_loss(outputs, targets)
    d2 = (W3.T @ d3) * hid_2 * (F(1) - hid_2)
    d1 = (W2.T @ d2) * hid_1 * (F(1) - hid_1)
    return [d1 @ X.T, d1.sum(axis=1, keepdims=True),
            d2 @ hid_1.T, d2.sum(axis=1, keepdims=True),
            d3 @ hid_2.T, d3.sum(axis=1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    params = [np.asarray(p).astype(F) for p in parameters]   # astype makes a copy
    X = np.asarray(X).astype(F)
    Y = np.asarray(Y).astype(F)
    lr = F(lr)
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
