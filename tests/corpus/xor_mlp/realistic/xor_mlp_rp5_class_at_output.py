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
    return s * (1 - s)


class TwoLayerNet:
    def __init__(self, params):
        self.p = params

    def forward(self, X):
        self.X = X
        self.Z1 = X @ self.p["W1"] + self.p["b1"]
        self.A1 = sigmoid(self.Z1)
        self.Z2 = self.A1 @ self.p["W2"] + self.p["b2"]
        self.A2 = sigmoid(self.Z2)
        return self.A2

    def backward(self, Y):
        dA2 = 2 * (self.A2 - Y) / Y.size
        dZ2 = dA2 * sigmoid_derivative(self.Z2)
        dA1 = dZ2 @ self.p["W2"].T
        dZ1 = dA1 * sigmoid_derivative(self.A1)
        return {"W1": self.X.T @ dZ1, "b1": dZ1.sum(axis=0),
                "W2": self.A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden)), "b1": np.zeros(n_hidden),
            "W2": rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out)), "b2": np.zeros(n_out)}


def forward(params, X):
    net = TwoLayerNet(params)
    return net.forward(X), net


def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())


def backward(params, cache, Y):
    return cache.backward(Y)


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        g = backward(params, cache, Y)
        params = {k: params[k] - lr * g[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
