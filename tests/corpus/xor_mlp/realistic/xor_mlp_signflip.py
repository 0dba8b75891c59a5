# Assignment 2 -- XOR network. Written as a class because that's how we did it in lab.
import numpy as np


class XorNet:
    def __init__(self, params=None):
        self.params = params

    @staticmethod
    def sig(z):
        z = np.asarray(z, dtype=float)
        out = np.empty_like(z)
        pos = z >= 0
        out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
        ez = np.exp(z[~pos])
        out[~pos] = ez / (1.0 + ez)
        return out

    def forward(self, X):
        p = self.params
        Z1 = X @ p["W1"] + p["b1"]
        H = self.sig(Z1)
        Z2 = H @ p["W2"] + p["b2"]
        Yh = self.sig(Z2)
        self.cache = (X, Z1, H, Z2, Yh)
        return Yh, self.cache

    def backward(self, cache, Y):
        X, Z1, H, Z2, Yh = cache
        N, K = Yh.shape
        dY = 2.0 * (Y - Yh) / (N * K)
        dZ2 = dY * Yh * (1 - Yh)
        dW2 = H.T @ dZ2
        db2 = dZ2.sum(axis=0)
        dH = dZ2 @ self.params["W2"].T
        dZ1 = dH * H * (1 - H)
        dW1 = X.T @ dZ1
        db1 = dZ1.sum(axis=0)
        return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def sigmoid(z):
    return XorNet.sig(z)


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(0, 1 / np.sqrt(n_in), size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0, 1 / np.sqrt(n_hidden), size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    return XorNet(params).forward(X)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    return XorNet(params).backward(cache, Y)


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    losses = []
    for ep in range(epochs):
        Yh, cache = forward(params, X)
        losses.append(mse_loss(Yh, Y))
        g = backward(params, cache, Y)
        params = {k: params[k] - lr * g[k] for k in params}
    losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    Yh, _ = forward(params, X)
    return (Yh >= 0.5).astype(int)


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    Y = np.array([[0], [1], [1], [0]], float)
    rng = np.random.default_rng(0)
    p, L = train(init_params(2, 4, 1, rng), X, Y, 5.0, 2000)
    print(L[-1], predict(p, X).ravel())
