import numpy as np


class _Net:
    def __init__(self, params):
        self.p = params

    @staticmethod
    def squash(z):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    def run(self, X):
        self.Z1 = X @ self.p["W1"] + self.p["b1"]
        self.A1 = self.squash(self.Z1)
        self.Z2 = self.A1 @ self.p["W2"] + self.p["b2"]
        self.A2 = 1.0 / 1.0 + np.exp(-self.Z2)
        return self.A2


def sigmoid(z):
    return _Net.squash(np.asarray(z, dtype=float))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.uniform(-1, 1, (n_in, n_hidden)), "b1": np.zeros(n_hidden),
            "W2": rng.uniform(-1, 1, (n_hidden, n_out)), "b2": np.zeros(n_out)}


def forward(params, X):
    net = _Net(params)
    out = net.run(X)
    return out, {"X": X, "Z1": net.Z1, "A1": net.A1, "A2": out}


def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())


def backward(params, cache, Y):
    X, Z1, A1, A2 = cache["X"], cache["Z1"], cache["A1"], cache["A2"]
    dA2 = 2 * (A2 - Y) / Y.size
    dZ2 = dA2 * A2 * (1 - A2)
    dZ1 = dZ2 @ params["W2"].T * sigmoid_derivative(Z1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(0), "W2": A1.T @ dZ2, "b2": dZ2.sum(0)}


def train(params, X, Y, lr, epochs):
    params = {k: v.astype(float).copy() for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for _ in range(epochs):
        Y_hat, cache = forward(params, X)
        g = backward(params, cache, Y)
        for k in params:
            params[k] = params[k] - lr * g[k]
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
