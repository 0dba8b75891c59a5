import numpy as np


def softmax(Z):
    out = np.empty_like(Z, dtype=float)
    for i in range(Z.shape[0]):
        e = np.exp(Z[i] - np.max(Z[i]))
        out[i] = e / e.sum()
    return out


def cross_entropy(P, y):
    total = 0.0
    for i in range(len(y)):
        total += -np.log(max(P[i, y[i]], 1e-12))
    return total / len(y)


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    for i, label in enumerate(y):
        Y[i, label] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params["W%d" % l] = rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2.0 / layer_sizes[l - 1])
        params["b%d" % l] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    acts = [X]
    pre = []
    a = X
    for l in range(1, L + 1):
        z = a @ params["W%d" % l] + params["b%d" % l]
        pre.append(z)
        a = softmax(z) if l == L else np.maximum(z, 0)
        acts.append(a)
    return a, (acts, pre)


def backward(params, cache, y):
    acts, pre = cache
    L = len(params) // 2
    N = acts[0].shape[0]
    K = acts[-1].shape[1]
    dW = {l: np.zeros_like(params["W%d" % l]) for l in range(1, L + 1)}
    db = {l: np.zeros_like(params["b%d" % l]) for l in range(1, L + 1)}
    for i in range(N):
        target = np.zeros(K)
        target[y[i]] = 1.0
        delta = acts[-1][i] - target
        for l in range(L, 0, -1):
            dW[l] = np.outer(acts[l - 1][i], delta)
            db[l] = delta
            if l > 1:
                delta = (params["W%d" % l] @ delta) * (pre[l - 2][i] > 0)
    grads = {}
    for l in range(1, L + 1):
        grads["W%d" % l] = dW[l] / N
        grads["b%d" % l] = db[l] / N
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            idx = perm[start:start + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            for k in params:
                params[k] = params[k] - lr * grads[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.array([int(np.argmax(row)) for row in P])
