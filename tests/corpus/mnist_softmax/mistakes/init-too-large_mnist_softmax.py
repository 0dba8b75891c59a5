import numpy as np


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    return np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)


def cross_entropy(P, y):
    N = len(y)
    return float(-np.mean(np.log(np.clip(P[np.arange(N), y], 1e-12, 1.0))))


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in = layer_sizes[l - 1]
        n_out = layer_sizes[l]
        # He initialisation
        params["W" + str(l)] = rng.standard_normal((n_in, n_out)) * np.sqrt(2 * n_in)
        params["b" + str(l)] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    a = X
    cache = {"a0": X}
    for l in range(1, L + 1):
        z = a @ params["W" + str(l)] + params["b" + str(l)]
        a = softmax(z) if l == L else np.maximum(z, 0)
        cache["z" + str(l)] = z
        cache["a" + str(l)] = a
    return a, cache


def backward(params, cache, y):
    L = len(params) // 2
    P = cache["a" + str(L)]
    N = P.shape[0]
    delta = (P - one_hot(y, P.shape[1])) / N
    grads = {}
    for l in range(L, 0, -1):
        grads["W" + str(l)] = cache["a" + str(l - 1)].T @ delta
        grads["b" + str(l)] = delta.sum(axis=0)
        if l > 1:
            delta = (delta @ params["W" + str(l)].T) * (cache["z" + str(l - 1)] > 0)
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
            grads = backward(params, cache, y[idx])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
