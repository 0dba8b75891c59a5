# Assignment 2: XOR with a 2-layer sigmoid net
# Chidi Okafor -- I try not to allocate new arrays in the backward pass
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.standard_normal((n_in, n_hidden))
    W1 *= 1.0 / np.sqrt(n_in)
    W2 = rng.standard_normal((n_hidden, n_out))
    W2 *= 1.0 / np.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    a1 = X @ params["W1"] + params["b1"]
    h = sigmoid(a1)
    a2 = h @ params["W2"] + params["b2"]
    out = sigmoid(a2)
    return out, {"X": X, "a1": a1, "h": h, "a2": a2, "out": out}


def mse_loss(Y_hat, Y):
    return float(np.square(Y_hat - Y).mean())


def backward(params, cache, Y):
    X, h, out = cache["X"], cache["h"], cache["out"]
    scale = 2.0 / Y.size
    delta_out = (out - Y) * scale
    np.multiply(sigmoid_derivative(cache["a2"]), delta_out, out=delta_out)
    delta_hid = delta_out @ params["W2"].T
    np.multiply(sigmoid_derivative(h), delta_hid, out=delta_hid)
    gW2 = h.T @ delta_out
    gb2 = delta_out.sum(axis=0)
    gW1 = X.T @ delta_hid
    gb1 = delta_hid.sum(axis=0)
    return {"W1": gW1, "b1": gb1, "W2": gW2, "b2": gb2}


def train(params, X, Y, lr, epochs):
    params = {name: value.copy() for name, value in params.items()}
    out, cache = forward(params, X)
    history = [mse_loss(out, Y)]
    for epoch in range(epochs):
        grads = backward(params, cache, Y)
        for name in params:
            params[name] = params[name] - lr * grads[name]
        out, cache = forward(params, X)
        history.append(mse_loss(out, Y))
    return params, history


def predict(params, X):
    out, _ = forward(params, X)
    return np.where(out >= 0.5, 1, 0)
