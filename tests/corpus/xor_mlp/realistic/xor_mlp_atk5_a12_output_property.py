"""XOR network written with small layer objects that remember their values."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


class Layer:
    def __init__(self, W, b, act):
        self.W, self.b, self.act = W, b, act

    def __call__(self, x):
        self.x = x
        self.z = x @ self.W + self.b
        self.a = self.act(self.z)
        return self.a

    @property
    def output(self):
        return self.act(self.a)


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.standard_normal((n_in, n_hidden)) * n_in ** -0.5,
            "b1": np.zeros(n_hidden),
            "W2": rng.standard_normal((n_hidden, n_out)) * n_hidden ** -0.5,
            "b2": np.zeros(n_out)}


def forward(params, X):
    net = [Layer(params["W1"], params["b1"], sigmoid),
           Layer(params["W2"], params["b2"], sigmoid)]
    a = X
    for layer in net:
        a = layer(a)
    hidden, top = net
    Y_hat = top.output
    return Y_hat, (X, hidden.z, top.z)


def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())


def backward(params, cache, Y):
    X, Z1, Z2 = cache
    H = sigmoid(Z1)
    dZ2 = 2.0 * (sigmoid(Z2) - Y) / Y.size * sigmoid_derivative(Z2)
    dZ1 = dZ2 @ params["W2"].T * sigmoid_derivative(Z1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(0), "W2": H.T @ dZ2, "b2": dZ2.sum(0)}


def train(params, X, Y, lr, epochs):
    params = {k: np.copy(v) for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: v - lr * grads[k] for k, v in params.items()}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
