# Gus Lindqvist, HW4
import numpy as np

STD_SCALE = 1.0
LAYERS = ("1", "2", "3")


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    d = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    p = []
    for i in range(3):
        p.append(STD_SCALE * rng.normal(size=(d[i + 1], d[i])) / np.sqrt(d[i]))
        p.append(np.zeros((d[i + 1], 1)))
    return p


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def squared_loss(predictions, targets):
    return float(0.5 * np.sum(np.square(predictions - targets)) / predictions.shape[1])


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    a1 = sigmoid(np.dot(W1, X) + b1)
    a2 = sigmoid(np.dot(W2, a1) + b2)
    return [X, a1, a2, np.dot(W3, a2) + b3]


def backward(activations, targets, parameters):
    X, a1, a2, y = activations
    W1, b1, W2, b2, W3, b3 = parameters
    # output error
    e3 = y - targets
    dW3 = np.dot(a2, e3.T)
    db3 = np.sum(e3, axis=1, keepdims=True)
    e2 = np.dot(W3.T, e3) * a2 * (1 - a2)
    dW2 = np.dot(a1, e2.T)
    db2 = np.sum(e2, axis=1, keepdims=True)
    e1 = np.dot(W2.T, e2) * a1 * (1 - a1)
    dW1 = np.dot(X, e1.T)
    db1 = np.sum(e1, axis=1, keepdims=True)
    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    p = [w.copy() for w in parameters]
    losses = [squared_loss(predict(p, X), Y)]
    for _ in range(epochs):
        g = backward(forward(p, X), Y, p)
        p = [w - lr * dw for w, dw in zip(p, g)]
        losses.append(squared_loss(predict(p, X), Y))
    return p, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
