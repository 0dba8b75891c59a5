import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(shifted)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    picked = P[np.arange(P.shape[0]), y]
    return float(np.mean(-np.log(np.clip(picked, 1e-12, None))))


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for i, (d_in, d_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params["W%d" % i] = rng.standard_normal((d_in, d_out)) * np.sqrt(2.0 / d_in)
        params["b%d" % i] = np.zeros(d_out)
    return params


def forward(params, X):
    L = len(params) // 2

    def go(A, l, seen):
        Z = A @ params["W%d" % l] + params["b%d" % l]
        if l == L:
            return np.maximum(softmax(Z), 0.0), seen + [A]
        return go(np.maximum(Z, 0.0), l + 1, seen + [A])

    rows, inputs = [], None
    for n in range(X.shape[0]):
        p, seen = go(X[n:n + 1], 1, [])
        rows.append(p[0])
        inputs = seen if inputs is None else [np.vstack([a, s]) for a, s in zip(inputs, seen)]
    P = np.array(rows)
    return P, (inputs, P)


def backward(params, cache, y):
    layer_inputs, P = cache
    N, K = P.shape
    L = len(params) // 2
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        A_prev = layer_inputs[l - 1]
        grads["W%d" % l] = A_prev.T @ dZ
        grads["b%d" % l] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params["W%d" % l].T) * (A_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.astype(float).copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            idx = perm[s:s + batch_size]
            _, cache = forward(params, X[idx])
            g = backward(params, cache, y[idx])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
