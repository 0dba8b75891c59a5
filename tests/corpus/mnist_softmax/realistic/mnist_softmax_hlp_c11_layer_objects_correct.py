"""MNIST MLP written with small layer objects (forward/backward methods)
and a closure for the parameter gradients."""
import numpy as np


class Dense:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dz):
        """Returns (dx, dW, db)."""
        return dz @ self.W.T, self.x.T @ dz, dz.sum(axis=0)


class ReLU:
    def forward(self, z):
        self.mask = z > 0
        return z * self.mask

    def backward(self, da):
        return da * self.mask


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    return float(-np.mean(np.log(np.maximum(P[np.arange(len(y)), y], 1e-12))))


def one_hot(y, K):
    return np.eye(K)[y]


def init_params(layer_sizes, rng):
    params = {}
    for i in range(1, len(layer_sizes)):
        params[f"W{i}"] = rng.standard_normal((layer_sizes[i - 1], layer_sizes[i])) * np.sqrt(2 / layer_sizes[i - 1])
        params[f"b{i}"] = np.zeros(layer_sizes[i])
    return params


def _build(params):
    L = len(params) // 2
    layers = []
    for l in range(1, L + 1):
        layers.append(Dense(params[f"W{l}"], params[f"b{l}"]))
        if l < L:
            layers.append(ReLU())
    return layers


def forward(params, X):
    layers = _build(params)
    out = X
    for layer in layers:
        out = layer.forward(out)
    P = softmax(out)
    return P, (layers, P)


def backward(params, cache, y):
    layers, P = cache
    N, K = P.shape
    grads = {}

    def store(idx, dW, db):
        grads[f"W{idx}"] = dW
        grads[f"b{idx}"] = db

    d = (P - one_hot(y, K)) / N
    idx = len(params) // 2
    for layer in reversed(layers):
        if isinstance(layer, Dense):
            d, dW, db = layer.backward(d)
            store(idx, dW, db)
            idx -= 1
        else:
            d = layer.backward(d)
    return {k: grads[k] for k in params}


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = order[s:s + batch_size]
            _, cache = forward(params, X[b])
            grads = backward(params, cache, y[b])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
