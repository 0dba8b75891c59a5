import numpy as np

"""
HW 3 -- MNIST classifier
Author: J. Lindqvist
Notes to self:
  - P - onehot trick for the softmax gradient (derived on paper, see notebook)
  - relu'(z) = 1 if z > 0
"""


def softmax(Z):
    Zs = Z - Z.max(1)[:, None]
    num = np.exp(Zs)
    return num / num.sum(1)[:, None]


def cross_entropy(P, y):
    rows = np.arange(y.shape[0])
    return float(np.mean(-np.log(np.fmax(P[rows, y], 1e-12))))


def one_hot(y, K):
    Y = np.zeros((len(y), K), dtype=float)
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    L = len(layer_sizes) - 1
    for l in range(1, L + 1):
        params[f"W{l}"] = rng.normal(0.0, 1.0, size=(layer_sizes[l - 1], layer_sizes[l]))
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    cache = {"A0": X}
    A = X
    for l in range(1, L):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = np.where(Z > 0, Z, 0.0)
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    P = softmax(A @ params[f"W{L}"] + params[f"b{L}"])
    cache["P"] = P
    return P, cache


def backward(params, cache, y):
    L = len(params) // 2
    P = cache["P"]
    dZ = (P - one_hot(y, P.shape[1])) / P.shape[0]
    grads = {}
    for l in range(L, 0, -1):
        grads[f"W{l}"] = cache[f"A{l-1}"].T @ dZ
        grads[f"b{l}"] = np.sum(dZ, axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (cache[f"Z{l-1}"] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {name: arr.copy() for name, arr in params.items()}
    losses = [cross_entropy(forward(params, X)[0], y)]
    n = X.shape[0]
    for epoch in range(epochs):
        perm = rng.permutation(n)
        batches = [perm[i:i + batch_size] for i in range(0, n, batch_size)]
        for batch in batches:
            grads = backward(params, forward(params, X[batch])[1], y[batch])
            params = {name: params[name] - lr * grads[name] for name in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
        # print("epoch", epoch, "acc", np.mean(predict(params, X) == y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
