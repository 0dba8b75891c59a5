import numpy as np


def softmax(Z):
    expZ = np.exp(Z)
    return expZ / np.sum(expZ, axis=1, keepdims=True)


def cross_entropy(P, y):
    n = P.shape[0]
    return float(-np.mean(np.log(np.clip(P[np.arange(n), y], 1e-12, 1.0))))


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for i in range(len(layer_sizes) - 1):
        limit = np.sqrt(6.0 / (layer_sizes[i] + layer_sizes[i + 1]))
        params[f"W{i + 1}"] = rng.uniform(-limit, limit, size=(layer_sizes[i], layer_sizes[i + 1]))
        params[f"b{i + 1}"] = np.zeros(layer_sizes[i + 1])
    return params


def _weights(params):
    L = len(params) // 2
    return [params[f"W{i}"] for i in range(1, L + 1)], [params[f"b{i}"] for i in range(1, L + 1)]


def forward(params, X):
    Ws, bs = _weights(params)
    inputs, zs = [], []
    out = X
    for i, (W, b) in enumerate(zip(Ws, bs)):
        inputs.append(out)
        z = out @ W + b
        zs.append(z)
        out = softmax(z) if i == len(Ws) - 1 else np.maximum(z, 0)
    return out, (inputs, zs, out)


def backward(params, cache, y):
    inputs, zs, P = cache
    Ws, _ = _weights(params)
    N = P.shape[0]
    delta = (P - one_hot(y, P.shape[1])) / N
    grads = {}
    for i in reversed(range(len(Ws))):
        grads[f"W{i + 1}"] = inputs[i].T @ delta
        grads[f"b{i + 1}"] = delta.sum(axis=0)
        if i > 0:
            delta = (delta @ Ws[i].T) * (zs[i - 1] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
