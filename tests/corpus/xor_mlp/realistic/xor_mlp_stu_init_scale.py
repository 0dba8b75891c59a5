"""
Assignment 2, XOR
Student: M. Okafor
"""
import numpy as np

# hyperparameters I tuned by hand
WEIGHT_SCALE = 4.0


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    result = np.zeros_like(z)
    big = z > 0
    result[big] = 1.0 / (1.0 + np.exp(-z[big]))
    result[~big] = np.exp(z[~big]) / (1.0 + np.exp(z[~big]))
    return result


def sigmoid_derivative(z):
    return sigmoid(z) * sigmoid(-z)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = WEIGHT_SCALE * rng.standard_normal((n_in, n_hidden))
    W2 = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    hidden_in = X @ params["W1"] + params["b1"]
    hidden = sigmoid(hidden_in)
    out_in = hidden @ params["W2"] + params["b2"]
    out = sigmoid(out_in)
    return out, (X, hidden_in, hidden, out_in, out)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, hidden_in, hidden, out_in, out = cache
    grad_out = 2 * (out - Y) / np.prod(Y.shape)
    grad_out_in = grad_out * sigmoid_derivative(out_in)
    grad_hidden = grad_out_in @ params["W2"].T
    grad_hidden_in = grad_hidden * sigmoid_derivative(hidden_in)
    return {
        "W1": X.T @ grad_hidden_in,
        "b1": grad_hidden_in.sum(axis=0),
        "W2": hidden.T @ grad_out_in,
        "b2": grad_out_in.sum(axis=0),
    }


def train(params, X, Y, lr, epochs):
    current = dict(params)
    out, cache = forward(current, X)
    history = [mse_loss(out, Y)]
    for _ in range(epochs):
        grads = backward(current, cache, Y)
        current = {name: current[name] - lr * grads[name] for name in current}
        out, cache = forward(current, X)
        history.append(mse_loss(out, Y))
    return current, history


def predict(params, X):
    out, _ = forward(params, X)
    return (out >= 0.5).astype(int)
