"""MNIST MLP -- Priya Raman.  backward works sample by sample and pushes the
gradient through the full softmax Jacobian J = diag(p) - p p^T (I wanted to
see that it collapses to p - y)."""
import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    return float(np.mean(-np.log(np.maximum(P[np.arange(len(y)), y], 1e-12))))


def one_hot(y, K):
    return np.eye(K)[np.asarray(y, dtype=int)]


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = rng.normal(0.0, np.sqrt(2.0 / layer_sizes[l - 1]), (layer_sizes[l - 1], layer_sizes[l]))
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    acts, pres = [np.asarray(X, dtype=float)], []
    for l in range(1, L + 1):
        z = acts[-1] @ params[f"W{l}"] + params[f"b{l}"]
        pres.append(z)
        acts.append(np.maximum(z, 0.0) if l < L else softmax(z))
    return acts[-1], (acts, pres)


def backward(params, cache, y):
    acts, pres = cache
    L = len(params) // 2
    P = acts[-1]
    N = P.shape[0]
    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    for n in range(N):
        p = P[n]
        dp = np.zeros_like(p)
        dp[y[n]] = -1.0 / (N * p[y[n]])                # d(-log p_y / N) / dp
        J = np.diag(p) - np.outer(p, p)                 # softmax Jacobian, symmetric
        dz = J @ dp
        for l in range(L, 0, -1):
            a_in = acts[l - 1][n]
            grads[f"W{l}"] += np.einsum("i,j->ij", a_in, dz)
            grads[f"b{l}"] += dz
            if l > 1:
                dz = (params[f"W{l}"] @ dz) * (pres[l - 2][n] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = len(y)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            idx = perm[s:s + batch_size]
            P, cache = forward(params, X[idx])
            # a vectorised version of the same backward, for speed on MNIST
            acts, pres = cache
            L = len(params) // 2
            dZ = (P - one_hot(y[idx], P.shape[1])) / len(idx)
            new = {}
            for l in range(L, 0, -1):
                new[f"W{l}"] = params[f"W{l}"] - lr * (acts[l - 1].T @ dZ)
                new[f"b{l}"] = params[f"b{l}"] - lr * dZ.sum(axis=0)
                if l > 1:
                    dZ = (dZ @ params[f"W{l}"].T) * (pres[l - 2] > 0)
            params = new
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
