# HW: 2 hidden layer MLP, all the matrix products written with einsum
# index names: o = output units of a layer, i = input units, b = batch
import numpy as np


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.standard_normal((hidden1_dim, input_dim)) / np.sqrt(input_dim)
    W2 = rng.standard_normal((hidden2_dim, hidden1_dim)) / np.sqrt(hidden1_dim)
    W3 = rng.standard_normal((output_dim, hidden2_dim)) / np.sqrt(hidden2_dim)
    return [W1, np.zeros((hidden1_dim, 1)), W2, np.zeros((hidden2_dim, 1)), W3, np.zeros((output_dim, 1))]


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))      # 1/(1+e^-x) = exp(-log(1+e^-x))


def squared_loss(predictions, targets):
    d = predictions - targets
    per_sample = 0.5 * np.einsum("ob,ob->b", d, d)
    return float(per_sample.mean())


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = sigmoid(np.einsum("oi,ib->ob", W1, X) + b1)
    h2 = sigmoid(np.einsum("oi,ib->ob", W2, h1) + b2)
    out = sigmoid(np.einsum("oi,ib->ob", W3, h2) + b3)
    return [X, h1, h2, out]


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    e3 = deriv_squared_loss(out, targets)
    e2 = np.einsum("oi,ob->ib", W3, e3) * h2 * (1 - h2)
    e1 = np.einsum("oi,ob->ib", W2, e2) * h1 * (1 - h1)
    dW3 = np.einsum("ob,ib->oi", e3, h2)
    dW2 = np.einsum("ob,ib->oi", e2, h1)
    dW1 = np.einsum("ob,ib->oi", e1, X)
    db3 = np.einsum("ob->o", e3)[:, None]
    db2 = np.einsum("ob->o", e2)[:, None]
    db1 = np.einsum("ob->o", e1)[:, None]
    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    p = parameters
    losses = [squared_loss(predict(p, X), Y)]
    for _ in range(epochs):
        g = backward(forward(p, X), Y, p)
        for w, dw in zip(p, g):
            w -= lr * dw
        losses.append(squared_loss(predict(p, X), Y))
    return p, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
