"""MNIST classifier; softmax via log-sum-exp, per-sample gradients averaged."""
import numpy as np


def _logsumexp(Z):
    m = np.max(Z, axis=1, keepdims=True)
    return m + np.log(np.sum(np.exp(Z - m), axis=1, keepdims=True))


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    return np.exp(Z - _logsumexp(Z))


def cross_entropy(P, y):
    n = len(y)
    return float(np.mean(-np.log(np.clip(P[np.arange(n), y], 1e-12, 1.0))))


def one_hot(y, K):
    return (np.asarray(y)[:, None] == np.arange(K)[None, :]).astype(float)


def init_params(layer_sizes, rng):
    params = {}
    for l, (a, b) in enumerate(zip(layer_sizes, layer_sizes[1:]), 1):
        params[f"W{l}"] = rng.normal(size=(a, b)) * np.sqrt(2.0 / a)
        params[f"b{l}"] = np.zeros(b)
    return params


def forward(params, X):
    L = len(params) // 2
    acts = [X]
    for l in range(1, L):
        Z = acts[-1] @ params[f"W{l}"] + params[f"b{l}"]
        acts.append(Z * (Z > 0))
    P = softmax(acts[-1] @ params[f"W{L}"] + params[f"b{L}"])
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    N, K = P.shape
    L = len(params) // 2
    dZ = P - one_hot(y, K)                  # per sample
    grads = {}
    for l in range(L, 0, -1):
        A_prev = acts[l - 1]
        grads[f"W{l}"] = np.einsum("ni,nj->nij", A_prev, dZ).mean(axis=0)
        grads[f"b{l}"] = dZ.mean(axis=0)
        dZ = (dZ @ params[f"W{l}"].T) * (A_prev > 0)
    return {k: grads[k] for k in params}


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        idx = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = idx[s:s + batch_size]
            grads = backward(params, forward(params, X[b])[1], y[b])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
