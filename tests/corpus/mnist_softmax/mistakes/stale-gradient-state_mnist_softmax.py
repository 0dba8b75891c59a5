import numpy as np

# gradient buffers, allocated once and reused between calls (faster than
# allocating new arrays for every minibatch)
_dW = {}
_db = {}


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    e = np.exp(Z)
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    n = P.shape[0]
    return float(-np.mean(np.log(np.maximum(P[np.arange(n), y], 1e-12))))


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params["W%d" % l] = rng.normal(0, np.sqrt(2.0 / layer_sizes[l - 1]), (layer_sizes[l - 1], layer_sizes[l]))
        params["b%d" % l] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    a = [X]
    z = [None]
    for l in range(1, L + 1):
        z.append(a[-1] @ params["W%d" % l] + params["b%d" % l])
        a.append(np.maximum(z[-1], 0) if l < L else softmax(z[-1]))
    return a[-1], (a, z)


def backward(params, cache, y):
    a, z = cache
    L = len(params) // 2
    N = a[0].shape[0]
    for l in range(1, L + 1):
        if l not in _dW or _dW[l].shape != params["W%d" % l].shape:
            _dW[l] = np.zeros(params["W%d" % l].shape)
            _db[l] = np.zeros(params["b%d" % l].shape)
    for i in range(N):
        delta = a[L][i].copy()
        delta[y[i]] -= 1.0
        for l in range(L, 0, -1):
            _dW[l] += np.outer(a[l - 1][i], delta)
            _db[l] += delta
            if l > 1:
                delta = (params["W%d" % l] @ delta) * (z[l - 1][i] > 0)
    grads = {}
    for l in range(1, L + 1):
        grads["W%d" % l] = _dW[l] / N
        grads["b%d" % l] = _db[l] / N
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            idx = perm[s:s + batch_size]
            grads = backward(params, forward(params, X[idx])[1], y[idx])
            for k in params:
                params[k] = params[k] - lr * grads[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
