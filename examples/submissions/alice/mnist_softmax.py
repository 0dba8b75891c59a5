import numpy as np


class Linear:
    def __init__(self, W, b, name):
        self.W = W
        self.b = b
        self.name = name          # index of the layer, e.g. "1" for W1/b1

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad_out):
        dW = self.x.T @ grad_out
        db = grad_out.sum(axis=0)
        dx = grad_out @ self.W.T
        return dx, dW, db


class ReLU:
    def forward(self, x):
        self.mask = x > 0
        return np.where(self.mask, x, 0.0)

    def backward(self, grad_out):
        return grad_out * self.mask


class Softmax:
    """Softmax output layer; backward is combined with the cross-entropy loss."""

    def forward(self, x):
        shifted = x - np.max(x, axis=1, keepdims=True)
        e = np.exp(shifted)
        self.out = e / np.sum(e, axis=1, keepdims=True)
        return self.out

    def backward(self, y):
        n = self.out.shape[0]
        grad = self.out.copy()
        grad[np.arange(n), y] -= 1.0
        return grad / n


def softmax(Z):
    return Softmax().forward(np.asarray(Z, dtype=float))


def cross_entropy(P, y):
    n = P.shape[0]
    p_true = np.clip(P[np.arange(n), y], 1e-12, None)
    return float(np.mean(-np.log(p_true)))


def one_hot(y, K):
    return np.eye(K)[np.asarray(y)]


def init_params(layer_sizes, rng):
    params = {}
    for i in range(len(layer_sizes) - 1):
        fan_in, fan_out = layer_sizes[i], layer_sizes[i + 1]
        params[f"W{i + 1}"] = rng.normal(scale=np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        params[f"b{i + 1}"] = np.zeros(fan_out)
    return params


def build_layers(params):
    n = len(params) // 2
    layers = []
    for i in range(1, n + 1):
        layers.append(Linear(params[f"W{i}"], params[f"b{i}"], str(i)))
        layers.append(ReLU() if i < n else Softmax())
    return layers


def forward(params, X):
    layers = build_layers(params)
    out = np.asarray(X, dtype=float)
    for layer in layers:
        out = layer.forward(out)
    return out, layers


def backward(params, cache, y):
    layers = cache
    grad = layers[-1].backward(y)
    grads = {}
    for layer in reversed(layers[:-1]):
        if isinstance(layer, Linear):
            grad, dW, db = layer.backward(grad)
            grads["W" + layer.name] = dW
            grads["b" + layer.name] = db
        else:
            grad = layer.backward(grad)
    return grads


def sgd_step(params, grads, lr):
    return {k: params[k] - lr * grads[k] for k in params}


def train(params, X, y, lr, epochs, batch_size, rng):
    params = dict(params)
    N = len(X)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            batch = perm[start:start + batch_size]
            _, layers = forward(params, X[batch])
            grads = backward(params, layers, y[batch])
            params = sgd_step(params, grads, lr)
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    probs, _ = forward(params, X)
    return np.argmax(probs, axis=1)
