"""MNIST softmax MLP -- my submission."""
import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    p = P[np.arange(len(y)), y]
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        params["W%d" % l] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params["b%d" % l] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    A = X
    acts = [X]
    for l in range(1, L):
        A = np.maximum(A @ params[f"W{l}"] + params[f"b{l}"], 0.0)
        acts.append(A)
    logits = A @ params[f"W{L}"] + params[f"b{L}"]
    logits = logits - logits.min(axis=1, keepdims=True)   # make all logits >= 0
    P = softmax(logits)
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    N, K = P.shape
    L = len(params) // 2
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        A_prev = acts[l - 1]
        grads[f"W{l}"] = A_prev.T @ dZ
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (A_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        idx = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = idx[s:s + batch_size]
            _, cache = forward(params, X[b])
            g = backward(params, cache, y[b])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
