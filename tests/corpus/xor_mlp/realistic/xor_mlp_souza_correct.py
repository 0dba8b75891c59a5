"""HW2 - XOR network.  Rafael Souza (based on my study group's layout)

I keep the weights the way the lecture slides draw them: W[out, in], and the
samples as columns.  The contract wants (in, out) and rows, so the Network
class converts once when it is built and once when it hands gradients back.
"""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def slope_from_activation(a):
    # derivative of the logistic written with its output a = sigmoid(z)
    return a * (1.0 - a)


class Network:
    def __init__(self, params):
        self.W1 = np.asarray(params["W1"], dtype=float).T      # (hidden, in)
        self.c1 = np.asarray(params["b1"], dtype=float)[:, None]
        self.W2 = np.asarray(params["W2"], dtype=float).T      # (out, hidden)
        self.c2 = np.asarray(params["b2"], dtype=float)[:, None]

    def run(self, X):
        self.A0 = np.asarray(X, dtype=float).T                  # (in, N)
        self.Z1 = self.W1 @ self.A0 + self.c1
        self.A1 = sigmoid(self.Z1)
        self.Z2 = self.W2 @ self.A1 + self.c2
        self.A2 = sigmoid(self.Z2)
        return self.A2.T


class Backprop:
    """Walks a Network backwards; keeps its own intermediate values."""

    def __init__(self, net):
        self.net = net

    def gradients(self, Y):
        net = self.net
        T = np.asarray(Y, dtype=float).T
        n_entries = T.size
        self.E = net.A2 - T                       # the 2 / (N * n_out) of the mean comes last
        self.D2 = self.E * slope_from_activation(net.A2)
        self.G2 = net.W2.T @ self.D2
        self.D1 = self.G2 * slope_from_activation(net.A1)
        self.gW2 = self.D2 @ net.A1.T
        self.gc2 = self.D2.sum(axis=1)
        self.gW1 = self.D1 @ net.A0.T
        self.gc1 = self.D1.sum(axis=1)
        c = 2.0 / n_entries
        return {"W1": c * self.gW1.T, "b1": c * self.gc1, "W2": c * self.gW2.T, "b2": c * self.gc2}


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    net = Network(params)
    Y_hat = net.run(X)
    return Y_hat, net


def mse_loss(Y_hat, Y):
    diff = np.asarray(Y_hat, dtype=float) - np.asarray(Y, dtype=float)
    return float(np.mean(diff * diff))


def backward(params, cache, Y):
    return Backprop(cache).gradients(Y)


def train(params, X, Y, lr, epochs):
    p = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, net = forward(p, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        g = backward(p, net, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        Y_hat, net = forward(p, X)
        losses.append(mse_loss(Y_hat, Y))
    return p, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
