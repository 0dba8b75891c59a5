import numpy as np


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    picked = np.clip(P[np.arange(N), y], 1e-12, None)
    return float(-np.sum(np.log(picked)) / N)


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def he_normal(rng, shape, gain=2.0):
    fan_in = shape[0]
    return rng.standard_normal(shape) * np.sqrt(gain / fan_in)


def init_params(layer_sizes, rng):
    shapes = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    params = {f"W{l}": he_normal(rng, s, s[0]) for l, s in enumerate(shapes, start=1)}
    params.update({f"b{l}": np.zeros(s[1]) for l, s in enumerate(shapes, start=1)})
    return params


def forward(params, X):
    L = len(params) // 2
    acts = [X]
    A = X
    for l in range(1, L):
        A = np.maximum(A @ params["W" + str(l)] + params["b" + str(l)], 0)
        acts.append(A)
    P = softmax(A @ params["W" + str(L)] + params["b" + str(L)])
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    L = len(params) // 2
    N, K = P.shape
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        A_prev = acts[l - 1]
        grads["W" + str(l)] = A_prev.T @ dZ
        grads["b" + str(l)] = np.sum(dZ, axis=0)
        if l > 1:
            dA = dZ @ params["W" + str(l)].T
            dZ = dA * (A_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        idx = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = idx[s:s + batch_size]
            _, cache = forward(params, X[b])
            g = backward(params, cache, y[b])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
