# XOR neural net from scratch
# backprop: delta = error * sigmoid'(activation)
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.zeros_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    out[~pos] = np.exp(z[~pos]) / (1 + np.exp(z[~pos]))
    return out


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.normal(0.0, 1.0, (n_in, n_hidden)),
            "b1": np.zeros(n_hidden),
            "W2": rng.normal(0.0, 1.0, (n_hidden, n_out)),
            "b2": np.zeros(n_out)}


def forward(params, X):
    hidden_in = np.dot(X, params["W1"]) + params["b1"]
    hidden = sigmoid(hidden_in)
    output_in = np.dot(hidden, params["W2"]) + params["b2"]
    output = sigmoid(output_in)
    cache = {"input": X, "hidden": hidden, "output": output}
    return output, cache


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X = cache["input"]
    hidden = cache["hidden"]
    output = cache["output"]

    error = output - Y
    output_delta = 2 * error / Y.size * sigmoid_derivative(output)
    hidden_error = np.dot(output_delta, params["W2"].T)
    hidden_delta = hidden_error * sigmoid_derivative(hidden)

    return {"W1": np.dot(X.T, hidden_delta),
            "b1": np.sum(hidden_delta, axis=0),
            "W2": np.dot(hidden.T, output_delta),
            "b2": np.sum(output_delta, axis=0)}


def train(params, X, Y, lr, epochs):
    weights = {k: v.copy() for k, v in params.items()}
    losses = [mse_loss(forward(weights, X)[0], Y)]
    for epoch in range(epochs):
        output, cache = forward(weights, X)
        grads = backward(weights, cache, Y)
        for k in weights:
            weights[k] = weights[k] - lr * grads[k]
        losses.append(mse_loss(forward(weights, X)[0], Y))
    return weights, losses


def predict(params, X):
    output, _ = forward(params, X)
    return (output >= 0.5).astype(int)
