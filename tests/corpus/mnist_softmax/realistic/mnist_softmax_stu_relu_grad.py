import numpy as np


def relu(x):
    return np.maximum(0, x)


def relu_grad(x):
    return np.maximum(x, 0)


def softmax(Z):
    shifted = Z - Z.max(axis=-1, keepdims=True)
    ex = np.exp(shifted)
    return ex / ex.sum(axis=-1, keepdims=True)


def cross_entropy(P, y):
    N = len(y)
    return float(-np.sum(np.log(np.clip(P[range(N), y], 1e-12, 1.0))) / N)


def one_hot(y, K):
    Y = np.zeros((y.shape[0], K))
    for i, label in enumerate(y):
        Y[i, label] = 1
    return Y


def init_params(layer_sizes, rng):
    p = {}
    for i, (a, b) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), 1):
        p[f"W{i}"] = rng.standard_normal((a, b)) * np.sqrt(2.0 / a)
        p[f"b{i}"] = np.zeros(b)
    return p


def forward(params, X):
    n_layers = len(params) // 2
    zs, acts = [], [X]
    a = X
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"] + params[f"b{i}"]
        zs.append(z)
        if i == n_layers:
            a = softmax(z)
        else:
            a = relu(z)
        acts.append(a)
    return a, (zs, acts)


def backward(params, cache, y):
    zs, acts = cache
    n_layers = len(params) // 2
    P = acts[-1]
    N, K = P.shape
    grads = {}
    delta = (P - one_hot(y, K)) / N
    for i in range(n_layers, 0, -1):
        grads[f"W{i}"] = acts[i - 1].T @ delta
        grads[f"b{i}"] = delta.sum(axis=0)
        if i > 1:
            delta = (delta @ params[f"W{i}"].T) * relu_grad(zs[i - 2])
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    losses = [cross_entropy(forward(params, X)[0], y)]
    N = X.shape[0]
    for _ in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            rows = order[start:start + batch_size]
            g = backward(params, forward(params, X[rows])[1], y[rows])
            params = {k: v - lr * g[k] for k, v in params.items()}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return P.argmax(axis=1)
