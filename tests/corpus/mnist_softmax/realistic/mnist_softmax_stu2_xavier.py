"""Assignment 3: MNIST classifier.

Student: Elif Yilmaz
Glorot/Xavier uniform init, a small Network class that owns the weights.
"""
import numpy as np


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    picked = P[np.arange(P.shape[0]), y]
    return float(np.mean(-np.log(np.maximum(picked, 1e-12))))


def one_hot(y, K):
    return np.eye(K)[np.asarray(y)]


class Network:
    def __init__(self, params):
        self.L = len(params) // 2
        self.W = [np.array(params[f"W{l}"], dtype=float) for l in range(1, self.L + 1)]
        self.b = [np.array(params[f"b{l}"], dtype=float) for l in range(1, self.L + 1)]

    def as_dict(self):
        d = {}
        for l in range(self.L):
            d[f"W{l + 1}"] = self.W[l]
            d[f"b{l + 1}"] = self.b[l]
        return d

    def forward(self, X):
        inputs = []
        A = X
        for l in range(self.L):
            inputs.append(A)
            Z = A @ self.W[l] + self.b[l]
            A = softmax(Z) if l == self.L - 1 else np.maximum(Z, 0)
        return A, (inputs, A)

    def backward(self, cache, y):
        inputs, P = cache
        N, K = P.shape
        delta = (P - one_hot(y, K)) / N
        dW, db = [None] * self.L, [None] * self.L
        for l in reversed(range(self.L)):
            dW[l] = inputs[l].T @ delta
            db[l] = delta.sum(axis=0)
            if l > 0:
                delta = (delta @ self.W[l].T) * (inputs[l] > 0)
        g = {}
        for l in range(self.L):
            g[f"W{l + 1}"], g[f"b{l + 1}"] = dW[l], db[l]
        return g


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        limit = np.sqrt(6 / fan_in + fan_out)
        params[f"W{l}"] = rng.uniform(-limit, limit, size=(fan_in, fan_out))
        params[f"b{l}"] = np.zeros(fan_out)
    return params


def forward(params, X):
    return Network(params).forward(X)


def backward(params, cache, y):
    return Network(params).backward(cache, y)


def train(params, X, y, lr, epochs, batch_size, rng):
    net = Network(params)
    N = X.shape[0]
    losses = [cross_entropy(net.forward(X)[0], y)]
    for ep in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            batch = order[start:start + batch_size]
            _, cache = net.forward(X[batch])
            g = net.backward(cache, y[batch])
            for l in range(net.L):
                net.W[l] = net.W[l] - lr * g[f"W{l + 1}"]
                net.b[l] = net.b[l] - lr * g[f"b{l + 1}"]
        losses.append(cross_entropy(net.forward(X)[0], y))
    return net.as_dict(), losses


def predict(params, X):
    P, _ = forward(params, X)
    return P.argmax(axis=1)
