# Assignment 3 -- MNIST softmax MLP, Wei Chen
# backward goes one sample at a time: it's how we derived it in section.
import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    m = Z.max(axis=-1, keepdims=True)
    e = np.exp(Z - m)
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy(P, y):
    n = len(y)
    total = 0.0
    for i in range(n):
        total -= np.log(max(P[i, y[i]], 1e-12))
    return float(total / n)


def one_hot(y, K):
    return (np.arange(K)[None, :] == np.asarray(y)[:, None]).astype(float)


def init_params(layer_sizes, rng):
    p = {}
    for i in range(1, len(layer_sizes)):
        p[f"W{i}"] = rng.standard_normal((layer_sizes[i - 1], layer_sizes[i])) * np.sqrt(2 / layer_sizes[i - 1])
        p[f"b{i}"] = np.zeros(layer_sizes[i])
    return p


def forward(params, X):
    n_layers = len(params) // 2
    acts = [X]
    pre = []
    for i in range(1, n_layers + 1):
        z = acts[-1] @ params[f"W{i}"] + params[f"b{i}"]
        pre.append(z)
        acts.append(np.maximum(z, 0) if i < n_layers else softmax(z))
    return acts[-1], (acts, pre)


def backward(params, cache, y):
    acts, pre = cache
    n_layers = len(params) // 2
    N = acts[0].shape[0]
    K = acts[-1].shape[1]
    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    for s in range(N):
        target = np.zeros(K)
        target[y[s]] = 1.0
        dz = (acts[-1][s] - target) / N
        for i in range(n_layers, 0, -1):
            a_in = acts[i - 1][s]
            grads[f"W{i}"] = np.outer(a_in, dz)
            grads[f"b{i}"] = dz
            if i > 1:
                dz = (params[f"W{i}"] @ dz) * (pre[i - 2][s] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.astype(float) for k, v in params.items()}
    N = len(X)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for b in range(0, N, batch_size):
            sel = order[b:b + batch_size]
            _, cache = forward(params, X[sel])
            g = backward(params, cache, y[sel])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return P.argmax(axis=1)
