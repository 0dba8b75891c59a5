import numpy as np


def relu(z):
    return np.maximum(z, 0.0)


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    return float(-np.mean(np.log(np.maximum(P[np.arange(len(y)), y], 1e-12))))


def one_hot(y, K):
    return np.eye(K)[y]


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2.0 / layer_sizes[l - 1])
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    activations = [relu] * L
    A = X
    inputs, preacts = [], []
    for l in range(1, L + 1):
        inputs.append(A)
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        preacts.append(Z)
        A = activations[l - 1](Z)
    P = softmax(A)
    return P, (inputs, preacts, P)


def backward(params, cache, y):
    inputs, preacts, P = cache
    N, K = P.shape
    L = len(params) // 2
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        grads[f"W{l}"] = inputs[l - 1].T @ dZ
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (preacts[l - 2] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            batch = order[start:start + batch_size]
            _, cache = forward(params, X[batch])
            grads = backward(params, cache, y[batch])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
