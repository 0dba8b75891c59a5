# HW3 - MNIST softmax MLP   (R. Haddad)
import numpy as np


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    return float(-np.mean(np.log(np.clip(P[np.arange(y.shape[0]), y], 1e-12, 1.0))))


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def relu(z):
    return np.maximum(z, 0)


def relu_derivative(z):
    return np.heaviside(z, 0.0)


def init_params(layer_sizes, rng):
    params = {}
    for i in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[i], layer_sizes[i + 1]
        limit = np.sqrt(6.0 / (n_in + n_out))   # Glorot uniform
        W = rng.uniform(-1.0, 1.0, size=(n_in, n_out))
        W *= limit
        params["W" + str(i + 1)] = W
        params["b" + str(i + 1)] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    acts = [X]
    for l in range(1, L):
        acts.append(relu(acts[-1] @ params[f"W{l}"] + params[f"b{l}"]))
    P = softmax(acts[-1] @ params[f"W{L}"] + params[f"b{L}"])
    return P, acts


def backward(params, cache, y):
    acts = cache
    L = len(params) // 2
    P, _ = forward(params, acts[0])
    N, K = P.shape
    delta = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        grads[f"W{l}"] = acts[l - 1].T @ delta
        grads[f"b{l}"] = delta.sum(axis=0)
        if l > 1:
            delta = delta @ params[f"W{l}"].T * relu_derivative(acts[l - 1])
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = len(X)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for b, start in enumerate(range(0, N, batch_size)):
            eta = lr                       # same rate for every batch
            idx = perm[start:start + batch_size]
            _, cache = forward(params, X[idx])
            g = backward(params, cache, y[idx])
            for k in params:
                params[k] = params[k] - eta * g[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
