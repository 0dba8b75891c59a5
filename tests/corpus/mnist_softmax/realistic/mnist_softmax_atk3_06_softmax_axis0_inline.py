"""MNIST MLP, hw3. Forward keeps a list of layers."""
import numpy as np


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = y.shape[0]
    picked = np.clip(P[np.arange(N), y], 1e-12, None)
    return float(-np.sum(np.log(picked)) / N)


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for i in range(len(layer_sizes) - 1):
        params["W" + str(i + 1)] = rng.standard_normal((layer_sizes[i], layer_sizes[i + 1])) * np.sqrt(2.0 / layer_sizes[i])
        params["b" + str(i + 1)] = np.zeros(layer_sizes[i + 1])
    return params


def forward(params, X):
    n_layers = len(params) // 2
    acts = [X]
    for i in range(1, n_layers):
        acts.append(np.maximum(0, acts[-1] @ params["W%d" % i] + params["b%d" % i]))
    logits = acts[-1] @ params["W%d" % n_layers] + params["b%d" % n_layers]
    shifted = np.exp(logits - logits.max(axis=0, keepdims=True))
    P = shifted / shifted.sum(axis=0, keepdims=True)
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    n_layers = len(params) // 2
    dZ = (P - one_hot(y, P.shape[1])) / P.shape[0]
    grads = {}
    for i in range(n_layers, 0, -1):
        grads["W%d" % i] = acts[i - 1].T @ dZ
        grads["b%d" % i] = dZ.sum(axis=0)
        if i > 1:
            dZ = (dZ @ params["W%d" % i].T) * (acts[i - 1] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    losses = [cross_entropy(forward(params, X)[0], y)]
    N = X.shape[0]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            idx = perm[s:s + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            for k in params:
                params[k] = params[k] - lr * grads[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
