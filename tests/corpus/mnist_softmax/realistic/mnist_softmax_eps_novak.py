# Assignment 3 (MNIST softmax MLP) -- Petra Novak
import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y, eps=1e-8):
    p = P[np.arange(len(y)), y]
    return float(-np.mean(np.log(np.maximum(p, eps))))


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for i, (a, b) in enumerate(zip(layer_sizes, layer_sizes[1:]), 1):
        params[f"W{i}"] = rng.normal(0.0, (2.0 / a) ** 0.5, size=(a, b))
        params[f"b{i}"] = np.zeros(b)
    return params


def forward(params, X):
    L = len(params) // 2
    A, acts = X, [X]
    for l in range(1, L):
        A = np.maximum(A @ params[f"W{l}"] + params[f"b{l}"], 0.0)
        acts.append(A)
    P = softmax(A @ params[f"W{L}"] + params[f"b{L}"])
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    L = len(params) // 2
    dZ = (P - one_hot(y, P.shape[1])) / len(y)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"W{l}"] = acts[l - 1].T @ dZ
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (acts[l - 1] > 0)
    return {k: grads[k] for k in params}


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = len(y)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = order[s:s + batch_size]
            _, cache = forward(params, X[b])
            g = backward(params, cache, y[b])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
