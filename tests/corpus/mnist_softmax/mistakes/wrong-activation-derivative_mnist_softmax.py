import numpy as np


class Dense:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        return dout @ self.W.T, self.x.T @ dout, dout.sum(axis=0)


class ReLU:
    def forward(self, z):
        self.z = z
        return np.maximum(z, 0)

    def backward(self, dout):
        # derivative of max(z, 0)
        return dout * np.maximum(self.z, 0)


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    e = np.exp(Z)
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    return float(-np.mean(np.log(np.clip(P[np.arange(len(y)), y], 1e-12, None))))


def one_hot(y, K):
    return np.eye(K)[y]


def init_params(layer_sizes, rng):
    params = {}
    for i, (a, b) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:])):
        params[f"W{i+1}"] = rng.normal(0.0, (2.0 / a) ** 0.5, size=(a, b))
        params[f"b{i+1}"] = np.zeros(b)
    return params


class Network:
    def __init__(self, params):
        n = len(params) // 2
        self.n = n
        self.dense = [Dense(params[f"W{i}"], params[f"b{i}"]) for i in range(1, n + 1)]
        self.acts = [ReLU() for _ in range(n - 1)]

    def forward(self, X):
        h = X
        for i in range(self.n - 1):
            h = self.acts[i].forward(self.dense[i].forward(h))
        self.P = softmax(self.dense[-1].forward(h))
        return self.P

    def backward(self, y):
        N = self.P.shape[0]
        dz = (self.P - one_hot(y, self.P.shape[1])) / N
        grads = {}
        for i in range(self.n - 1, -1, -1):
            dh, grads[f"W{i+1}"], grads[f"b{i+1}"] = self.dense[i].backward(dz)
            if i > 0:
                dz = self.acts[i - 1].backward(dh)
        return grads


def forward(params, X):
    net = Network(params)
    P = net.forward(X)
    return P, net


def backward(params, cache, y):
    return cache.backward(y)


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for s in range(0, N, batch_size):
            sel = order[s:s + batch_size]
            _, net = forward(params, X[sel])
            grads = backward(params, net, y[sel])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(1)
