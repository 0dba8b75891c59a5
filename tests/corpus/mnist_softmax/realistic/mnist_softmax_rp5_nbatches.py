import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    rows = np.arange(P.shape[0])
    return float(-np.log(np.clip(P[rows, y], 1e-12, None)).mean())


def one_hot(y, K):
    out = np.zeros((y.shape[0], K))
    out[np.arange(y.shape[0]), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for i, (a, b) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params["W%d" % i] = rng.normal(0.0, np.sqrt(2.0 / a), (a, b))
        params["b%d" % i] = np.zeros(b)
    return params


def forward(params, X):
    L = len(params) // 2
    outs = [X]
    for i in range(1, L + 1):
        Z = outs[-1] @ params["W%d" % i] + params["b%d" % i]
        outs.append(np.maximum(Z, 0.0) if i < L else softmax(Z))
    return outs[-1], outs


def backward(params, cache, y):
    outs = cache
    P = outs[-1]
    L = len(params) // 2
    G = (P - one_hot(y, P.shape[1])) / P.shape[0]
    grads = {}
    for i in range(L, 0, -1):
        grads["W%d" % i] = outs[i - 1].T @ G
        grads["b%d" % i] = G.sum(axis=0)
        if i > 1:
            G = (G @ params["W%d" % i].T) * (outs[i - 1] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.astype(float).copy() for k, v in params.items()}
    N = len(X)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        n_batches = N // batch_size
        for b in range(n_batches):
            idx = perm[b * batch_size:(b + 1) * batch_size]
            _, cache = forward(params, X[idx])
            g = backward(params, cache, y[idx])
            for k in params:
                params[k] = params[k] - lr * g[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
