import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def draw_weights(rng, rows, cols, spread=1.0):
    return rng.normal(0.0, spread, size=(rows, cols))


class TwoLayer:
    def __init__(self, params):
        self.W1, self.b1, self.W2, self.b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))

    def forward(self, X):
        self.X = X
        self.Z1 = X @ self.W1 + self.b1
        self.A1 = sigmoid(self.Z1)
        self.Z2 = self.A1 @ self.W2 + self.b2
        self.A2 = sigmoid(self.Z2)
        return self.A2

    def backward(self, Y):
        N, n_out = Y.shape
        dA2 = 2 * (self.A2 - Y) / (N * n_out)
        dZ2 = dA2 * sigmoid_derivative(self.Z2)
        dA1 = dZ2 @ self.W2.T
        dZ1 = dA1 * sigmoid_derivative(self.Z1)
        return {"W1": self.X.T @ dZ1, "b1": dZ1.sum(axis=0),
                "W2": self.A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": draw_weights(rng, n_in, n_hidden, 1.0 / np.sqrt(n_in)), "b1": np.zeros(n_hidden),
            "W2": draw_weights(rng, n_hidden, n_out, 1.0 / np.sqrt(n_hidden)), "b2": np.zeros(n_out)}


def forward(params, X):
    net = TwoLayer(params)
    return net.forward(X), net


def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())


def backward(params, cache, Y):
    return cache.backward(Y)


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, net = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, net, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, net = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
