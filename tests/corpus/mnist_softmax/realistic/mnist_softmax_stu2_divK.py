# HW3 - MNIST MLP, any number of hidden layers
# Kwame Mensah
#
# params is a dict {"W1","b1",...}; I loop over the layers by index.

import numpy as np


def softmax(Z):
    Zs = Z - np.max(Z, axis=1, keepdims=True)
    expZ = np.exp(Zs)
    return expZ / np.sum(expZ, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    p_true = np.clip(P[np.arange(N), y], 1e-12, None)
    return float(-np.sum(np.log(p_true)) / N)


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def relu(z):
    return np.maximum(z, 0)


def init_params(layer_sizes, rng):
    params = {}
    for i in range(1, len(layer_sizes)):
        fan_in = layer_sizes[i - 1]
        params["W" + str(i)] = rng.normal(0, np.sqrt(2 / fan_in), (fan_in, layer_sizes[i]))
        params["b" + str(i)] = np.zeros(layer_sizes[i])
    return params


def forward(params, X):
    L = len(params) // 2
    acts = [X]            # acts[l] = output of layer l (acts[0] = input)
    zs = []
    A = X
    for l in range(1, L + 1):
        Z = A @ params["W" + str(l)] + params["b" + str(l)]
        zs.append(Z)
        A = softmax(Z) if l == L else relu(Z)
        acts.append(A)
    return A, {"acts": acts, "zs": zs}


def backward(params, cache, y):
    acts, zs = cache["acts"], cache["zs"]
    L = len(params) // 2
    P = acts[-1]
    N, K = P.shape
    dZ = (P - one_hot(y, K)) / K          # softmax + CE combined
    grads = {}
    for l in range(L, 0, -1):
        grads["W" + str(l)] = acts[l - 1].T @ dZ
        grads["b" + str(l)] = dZ.sum(axis=0)
        if l > 1:
            dA = dZ @ params["W" + str(l)].T
            dZ = dA * (zs[l - 2] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            idx = perm[s:s + batch_size]
            _, cache = forward(params, X[idx])
            g = backward(params, cache, y[idx])
            for k in params:
                params[k] = params[k] - lr * g[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
        print(f"epoch {epoch + 1}: loss {losses[-1]:.4f}")
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
