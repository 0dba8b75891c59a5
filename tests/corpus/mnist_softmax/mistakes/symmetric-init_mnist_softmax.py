import numpy as np


def softmax(Z):
    m = np.max(Z, axis=1, keepdims=True)
    e = np.exp(Z - m)
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy(P, y):
    idx = np.arange(len(y))
    return float(np.mean(-np.log(np.maximum(P[idx, y], 1e-12))))


def one_hot(y, K):
    return np.eye(K)[y]


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params["W%d" % l] = np.zeros((layer_sizes[l - 1], layer_sizes[l]))
        params["b%d" % l] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    outs = [X]
    pre = []
    for l in range(1, L + 1):
        z = outs[-1].dot(params["W%d" % l]) + params["b%d" % l]
        pre.append(z)
        outs.append(np.maximum(z, 0) if l < L else softmax(z))
    return outs[-1], {"outs": outs, "pre": pre}


def backward(params, cache, y):
    outs, pre = cache["outs"], cache["pre"]
    L = len(params) // 2
    P = outs[-1]
    g = (P - one_hot(y, P.shape[1])) / P.shape[0]
    grads = {}
    for l in range(L, 0, -1):
        grads["W%d" % l] = outs[l - 1].T.dot(g)
        grads["b%d" % l] = g.sum(axis=0)
        if l > 1:
            g = g.dot(params["W%d" % l].T) * (pre[l - 2] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = len(X)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = perm[s:s + batch_size]
            grads = backward(params, forward(params, X[b])[1], y[b])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
