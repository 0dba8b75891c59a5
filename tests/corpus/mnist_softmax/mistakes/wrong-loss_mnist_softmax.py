import numpy as np


def affine_forward(x, W, b):
    return x @ W + b, (x, W)


def affine_backward(dout, cache):
    x, W = cache
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    return np.maximum(x, 0), x


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    e = np.exp(Z)
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    return float(-np.mean(np.log(P[np.arange(N), y])))


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2 / layer_sizes[l - 1])
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    caches = []
    h = X
    for l in range(1, L):
        h, c1 = affine_forward(h, params[f"W{l}"], params[f"b{l}"])
        h, c2 = relu_forward(h)
        caches.append((c1, c2))
    scores, c1 = affine_forward(h, params[f"W{L}"], params[f"b{L}"])
    caches.append((c1, None))
    P = softmax(scores)
    return P, (caches, P)


def backward(params, cache, y):
    caches, P = cache
    L = len(caches)
    dout = (P - one_hot(y, P.shape[1])) / P.shape[0]
    grads = {}
    for l in range(L, 0, -1):
        c_aff, c_relu = caches[l - 1]
        if c_relu is not None:
            dout = relu_backward(dout, c_relu)
        dout, grads[f"W{l}"], grads[f"b{l}"] = affine_backward(dout, c_aff)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for i in range(0, N, batch_size):
            idx = perm[i:i + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
