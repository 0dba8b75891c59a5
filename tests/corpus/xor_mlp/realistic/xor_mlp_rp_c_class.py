"""XOR MLP, written as a small layer class with an activation table. (I. Kowalski)"""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


# activation name -> (function, derivative written with the activation's output)
ACTIVATIONS = {
    "sigmoid": (sigmoid, lambda a: a * (1.0 - a)),
    "linear": (lambda z: z, lambda a: np.ones_like(a)),
}
LAYOUT = [("W1", "b1", "sigmoid"), ("W2", "b2", "sigmoid")]


class Dense:
    def __init__(self, W, b, kind):
        self.W, self.b, self.kind = W, b, kind

    def forward(self, A):
        self.A_in = A
        f, _ = ACTIVATIONS[self.kind]
        self.A_out = f(A @ self.W + self.b)
        return self.A_out

    def backward(self, dA):
        _, df = ACTIVATIONS[self.kind]
        dZ = dA * df(self.A_out)
        return dZ @ self.W.T, self.A_in.T @ dZ, dZ.sum(axis=0)


def init_params(n_in, n_hidden, n_out, rng):
    sizes = [n_in, n_hidden, n_out]
    params = {}
    for i, (w, b, _) in enumerate(LAYOUT):
        params[w] = rng.standard_normal((sizes[i], sizes[i + 1])) / np.sqrt(sizes[i])
        params[b] = np.zeros(sizes[i + 1])
    return params


def forward(params, X):
    layers = [Dense(params[w], params[b], kind) for w, b, kind in LAYOUT]
    A = X
    for layer in layers:
        A = layer.forward(A)
    return A, layers


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    layers = cache
    dA = 2.0 * (layers[-1].A_out - Y) / Y.size
    grads = {}
    for (w, b, _), layer in reversed(list(zip(LAYOUT, layers))):
        dA, grads[w], grads[b] = layer.backward(dA)
    return grads


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
