"""XOR with a 2-layer sigmoid network, written with small layer classes.

Each layer has forward(x) and backward(grad_out); the handout functions build
the layers from the params dict, and the cache that forward() returns is the
list of layers (each remembers what it saw in its forward pass).
"""
import numpy as np


class Dense:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad_out):
        self.dW = self.x.T @ grad_out
        self.db = grad_out.sum(axis=0)
        return grad_out @ self.W.T


class Sigmoid:
    def __init__(self):
        self.z = None

    @staticmethod
    def fn(z):
        out = np.empty_like(z, dtype=float)
        pos = z >= 0
        out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
        ez = np.exp(z[~pos])
        out[~pos] = ez / (1.0 + ez)
        return out

    def forward(self, z):
        self.z = z
        return Sigmoid.fn(z)

    def backward(self, grad_out):
        s = Sigmoid.fn(self.z)
        return grad_out * s * (1.0 - s)


class MSE:
    def forward(self, y_hat, y):
        self.diff = y_hat - y
        return float(np.mean(self.diff ** 2))

    def backward(self):
        return 2.0 * self.diff / self.diff.size


class Network:
    def __init__(self, params):
        self.layers = [
            Dense(np.asarray(params["W1"], dtype=float), np.asarray(params["b1"], dtype=float)),
            Sigmoid(),
            Dense(np.asarray(params["W2"], dtype=float), np.asarray(params["b2"], dtype=float)),
            Sigmoid(),
        ]

    def forward(self, X):
        out = np.asarray(X, dtype=float)
        for layer in self.layers:
            out = layer.forward(out)
        return out

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    def grads(self):
        d1, d2 = self.layers[0], self.layers[2]
        return {"W1": d1.dW, "b1": d1.db, "W2": d2.dW, "b2": d2.db}


# ------------- handout API -------------

def sigmoid(z):
    return Sigmoid.fn(np.asarray(z, dtype=float))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(0.0, 1.0, size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 1.0, size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    net = Network(params)
    Y_hat = net.forward(X)
    return Y_hat, net            # the network object is my cache


def mse_loss(Y_hat, Y):
    return MSE().forward(np.asarray(Y_hat, dtype=float), np.asarray(Y, dtype=float))


def backward(params, cache, Y):
    net = cache
    y_hat = net.layers[-1].forward(net.layers[-1].z)   # output again from the stored z
    loss = MSE()
    loss.forward(y_hat, np.asarray(Y, dtype=float))
    net.backward(loss.backward())
    return {k: v.copy() for k, v in net.grads().items()}


def train(params, X, Y, lr, epochs):
    current = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = [mse_loss(forward(current, X)[0], Y)]
    for _ in range(epochs):
        Y_hat, net = forward(current, X)
        g = backward(current, net, Y)
        current = {k: current[k] - lr * g[k] for k in current}
        losses.append(mse_loss(forward(current, X)[0], Y))
    return current, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
