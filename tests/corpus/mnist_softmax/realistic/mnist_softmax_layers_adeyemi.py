"""Assignment 3: MNIST.  Tunde Adeyemi.

A tiny layer framework: every layer object has forward(x) and backward(dout).
Dense keeps its weights as (out, in) like torch.nn.Linear, so it transposes
the contract's (in, out) matrices when it is built and transposes its weight
gradient back when it reports it.
"""
import numpy as np


class Dense:
    def __init__(self, W_in_out, b):
        self.W = np.asarray(W_in_out, dtype=float).T
        self.b = np.asarray(b, dtype=float)

    def forward(self, x):
        self.x = x
        return x @ self.W.T + self.b

    def backward(self, dout):
        self.dW = (dout.T @ self.x).T
        self.db = dout.sum(axis=0)
        return dout @ self.W


class ReLU:
    def forward(self, x):
        self.out = np.maximum(x, 0.0)
        return self.out

    def backward(self, dout):
        return dout * (dout > 0)


class SoftmaxCE:
    def forward(self, z):
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        self.p = e / e.sum(axis=1, keepdims=True)
        return self.p

    def backward(self, y):
        n = self.p.shape[0]
        d = self.p.copy()
        d[np.arange(n), y] -= 1.0
        return d / n


class Model:
    def __init__(self, params):
        L = len(params) // 2
        self.layers = []
        for l in range(1, L + 1):
            self.layers.append(Dense(params[f"W{l}"], params[f"b{l}"]))
            if l < L:
                self.layers.append(ReLU())
        self.head = SoftmaxCE()

    def forward(self, X):
        h = np.asarray(X, dtype=float)
        for layer in self.layers:
            h = layer.forward(h)
        return self.head.forward(h)

    def backward(self, y):
        d = self.head.backward(y)
        for layer in reversed(self.layers):
            d = layer.backward(d)
        grads = {}
        dense = [layer for layer in self.layers if isinstance(layer, Dense)]
        for l, layer in enumerate(dense, start=1):
            grads[f"W{l}"] = layer.dW
            grads[f"b{l}"] = layer.db
        return grads


def softmax(Z):
    return SoftmaxCE().forward(np.asarray(Z, dtype=float))


def cross_entropy(P, y):
    return float(np.mean(-np.log(np.maximum(P[np.arange(len(y)), y], 1e-12))))


def one_hot(y, K):
    return np.eye(K)[np.asarray(y)]


def init_params(layer_sizes, rng):
    out = {}
    for l in range(1, len(layer_sizes)):
        out[f"W{l}"] = rng.normal(scale=np.sqrt(2.0 / layer_sizes[l - 1]), size=(layer_sizes[l - 1], layer_sizes[l]))
        out[f"b{l}"] = np.zeros(layer_sizes[l])
    return out


def forward(params, X):
    model = Model(params)
    P = model.forward(X)
    return P, model


def backward(params, cache, y):
    import copy
    model = copy.deepcopy(cache)
    return model.backward(y)


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = [cross_entropy(forward(params, X)[0], y)]
    N = X.shape[0]
    for _ in range(epochs):
        order = rng.permutation(N)
        for i in range(0, N, batch_size):
            rows = order[i:i + batch_size]
            _, model = forward(params, X[rows])
            grads = backward(params, model, y[rows])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
