# XOR network (homework 2)
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    m = z >= 0
    out[m] = 1.0 / (1.0 + np.exp(-z[m]))
    e = np.exp(z[~m])
    out[~m] = e / (1.0 + e)
    return out


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.uniform(-1, 1, (n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.uniform(-1, 1, (n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    z1 = np.dot(X, params["W1"]) + params["b1"]
    a1 = sigmoid(z1)
    z2 = np.dot(a1, params["W2"]) + params["b2"]
    a2 = sigmoid(z2)
    return a2, [X, z1, a1, z2, a2]


def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())


def backward(params, cache, Y):
    X, z1, a1, z2, a2 = cache
    W1, W2 = params["W1"], params["W2"]
    delta2 = 2.0 * (a2 - Y) / Y.size * a2 * (1.0 - a2)
    dW2 = np.dot(a1.T, delta2)
    db2 = delta2.sum(axis=0)
    delta1 = np.dot(delta2, W2.T) * a1 * (1.0 - a1)
    # (hidden x N) @ (N x in) -- reshape to the shape of W1
    dW1 = np.dot(delta1.T, X).reshape(W1.shape)
    db1 = delta1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    params = dict((k, np.copy(v)) for k, v in params.items())
    losses = [mse_loss(forward(params, X)[0], Y)]
    for i in range(epochs):
        a2, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = dict((k, params[k] - lr * grads[k]) for k in params)
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    a2, _ = forward(params, X)
    return np.where(a2 >= 0.5, 1, 0)
