import numpy as np


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    return float(-np.mean(np.log(np.maximum(P[np.arange(N), y], 1e-12))))


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params[f"b{l}"] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    A = X
    As, Zs = [X], []
    for l in range(1, L + 1):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = np.maximum(Z, 0) if l < L else softmax(Z)
        Zs.append(Z)
        As.append(A)
    return A, (As, Zs)


def backward(params, cache, y):
    As, Zs = cache
    L = len(params) // 2
    P = As[-1]
    dZ = (P - one_hot(y, P.shape[1])) / P.shape[0]
    grads = {}
    for l in range(L, 0, -1):
        grads[f"W{l}"] = As[l - 1].T @ dZ
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (Zs[l - 2] > 0)
    return grads


def backprop_and_update(params, cache, y, lr):
    """Backward pass that updates each layer as soon as its gradient is known
    (saves keeping all the gradients in memory)."""
    As, Zs = cache
    L = len(params) // 2
    P = As[-1]
    dZ = (P - one_hot(y, P.shape[1])) / P.shape[0]
    for l in range(L, 0, -1):
        dW = As[l - 1].T @ dZ
        db = dZ.sum(axis=0)
        params[f"W{l}"] = params[f"W{l}"] - lr * dW
        params[f"b{l}"] = params[f"b{l}"] - lr * db
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (Zs[l - 2] > 0)
    return params


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            idx = perm[start:start + batch_size]
            _, cache = forward(params, X[idx])
            params = backprop_and_update(params, cache, y[idx], lr)
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
