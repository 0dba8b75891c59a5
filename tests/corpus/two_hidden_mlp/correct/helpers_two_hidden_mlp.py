#!/usr/bin/env python3
"""CS 4xx -- homework 3, two hidden layers.

run `python helpers_two_hidden_mlp.py` to train on a small toy problem.
"""
import numpy as np


# ---------- my helpers ----------

def logistic(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))


def logistic_grad_from_output(a):
    # derivative of the logistic written with its OUTPUT a = logistic(z)
    return a * (1.0 - a)


def affine(W, b, A):
    return W @ A + b


def layer_grads(delta, A_prev):
    return delta @ A_prev.T, delta.sum(axis=1).reshape(-1, 1)


def copy_params(params):
    return [np.array(p, dtype=float, copy=True) for p in params]


# ---------- required functions ----------

def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    # Xavier/Glorot uniform
    def glorot(fan_out, fan_in):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=(fan_out, fan_in))
    return [glorot(hidden1_dim, input_dim), np.zeros((hidden1_dim, 1)),
            glorot(hidden2_dim, hidden1_dim), np.zeros((hidden2_dim, 1)),
            glorot(output_dim, hidden2_dim), np.zeros((output_dim, 1))]


def sigmoid(x):
    return logistic(x)


def squared_loss(predictions, targets):
    B = predictions.shape[1]
    return float(np.sum(np.square(predictions - targets)) / (2 * B))


def deriv_squared_loss(predictions, targets):
    B = predictions.shape[1]
    return (predictions - targets) / B


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    A1 = logistic(affine(W1, b1, X))
    A2 = logistic(affine(W2, b2, A1))
    A3 = affine(W3, b3, A2)
    return [X, A1, A2, A3]


def backward(activations, targets, parameters):
    A0, A1, A2, A3 = activations
    W1, _, W2, _, W3, _ = parameters
    delta3 = deriv_squared_loss(A3, targets)
    delta2 = (W3.T @ delta3) * logistic_grad_from_output(A2)
    delta1 = (W2.T @ delta2) * logistic_grad_from_output(A1)
    dW1, db1 = layer_grads(delta1, A0)
    dW2, db2 = layer_grads(delta2, A1)
    dW3, db3 = layer_grads(delta3, A2)
    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    params = copy_params(parameters)
    history = []
    for epoch in range(epochs + 1):
        acts = forward(params, X)
        history.append(squared_loss(acts[-1], Y))
        if epoch == epochs:
            break
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
    return params, history


def predict(parameters, X):
    return forward(parameters, X)[-1]


if __name__ == "__main__":
    rng = np.random.default_rng(42)
    X = rng.uniform(-1, 1, size=(2, 200))
    Y = np.vstack([np.sin(np.pi * X[0]) * X[1], X[0] * X[1]])
    params = initialize(2, 16, 8, 2, rng)

    # gradient check on W2 before training
    acts = forward(params, X)
    g = backward(acts, Y, params)
    eps = 1e-6
    num = np.zeros_like(params[2])
    for i in range(params[2].shape[0]):
        for j in range(params[2].shape[1]):
            plus = copy_params(params); plus[2][i, j] += eps
            minus = copy_params(params); minus[2][i, j] -= eps
            num[i, j] = (squared_loss(predict(plus, X), Y) - squared_loss(predict(minus, X), Y)) / (2 * eps)
    print("grad check W2, max abs diff:", np.abs(num - g[2]).max())

    trained, losses = train(params, X, Y, lr=0.5, epochs=2000)
    print("loss: %.4f -> %.4f" % (losses[0], losses[-1]))
