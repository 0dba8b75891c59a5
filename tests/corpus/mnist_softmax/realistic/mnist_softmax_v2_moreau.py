# Camille Moreau -- mnist_softmax (v2)
# per-sample backprop: outer loop over the batch, inner loop down the layers
import numpy as np


def softmax(Z):
    m = np.max(Z, axis=1, keepdims=True)
    e = np.exp(Z - m)
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy(P, y):
    idx = np.arange(len(y))
    return float(-np.mean(np.log(np.maximum(P[idx, y], 1e-12))))


def one_hot(y, K):
    out = np.zeros((len(y), K))
    for n, label in enumerate(y):
        out[n, label] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in = layer_sizes[l - 1]
        params[f"W{l}"] = rng.standard_normal((fan_in, layer_sizes[l])) * np.sqrt(2.0 / fan_in)
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    acts = [X]
    for l in range(1, L):
        acts.append(np.maximum(acts[-1] @ params[f"W{l}"] + params[f"b{l}"], 0.0))
    P = softmax(acts[-1] @ params[f"W{L}"] + params[f"b{L}"])
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    L = len(params) // 2
    N, K = P.shape
    grads = {}
    for k in params:
        grads[k] = np.zeros(params[k].shape)
    for n in range(N):
        delta = (P[n] - one_hot(y[n:n + 1], K)[0]) / N
        for l in range(L, 0, -1):
            a_prev = acts[l - 1][n]
            grads[f"W{l}"] = np.outer(a_prev, delta)
            grads[f"b{l}"] = delta
            if l > 1:
                delta = (params[f"W{l}"] @ delta) * (a_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            sel = order[start:start + batch_size]
            _, cache = forward(params, X[sel])
            grads = backward(params, cache, y[sel])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
