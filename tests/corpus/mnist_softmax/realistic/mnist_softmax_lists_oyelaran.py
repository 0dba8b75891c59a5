"""HW3 MNIST MLP -- Tunde Oyelaran. Weights kept in lists while computing."""
import numpy as np


def relu(z):
    return np.maximum(z, 0.0)


def relu_prime(z):
    return (z > 0).astype(float)


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    return float(-np.sum(np.log(np.clip(P[np.arange(N), y], 1e-12, None))) / N)


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for i in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[i], layer_sizes[i + 1]
        params["W" + str(i + 1)] = rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_out))
        params["b" + str(i + 1)] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    Ws = [params[f"W{i}"] for i in range(1, L + 1)]
    bs = [params[f"b{i}"] for i in range(1, L + 1)]
    As, Zs = [X], []
    for i in range(L):
        Z = As[-1] @ Ws[i] + bs[i]
        Zs.append(Z)
        if i < L - 1:
            As.append(relu(Z))
    P = softmax(Zs[-1])
    return P, (As, Zs, P)


def backward(params, cache, y):
    As, Zs, P = cache
    L = len(params) // 2
    N = P.shape[0]
    dWs = [None] * L
    dbs = [None] * L
    delta = (P - one_hot(y, P.shape[1])) / N
    for i in reversed(range(L)):
        dWs[i] = As[i].T @ delta
        dbs[i] = delta.sum(axis=0)
        if i > 0:
            delta = (delta @ params[f"W{i + 1}"].T) * relu_prime(Zs[i - 1])
    grads = {}
    for i in range(L):
        grads[f"W{i + 1}"] = dWs[i]
        grads[f"b{i + 1}"] = dbs[i]
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for ep in range(epochs):
        perm = rng.permutation(N)
        start = 0
        while start < N:
            idx = perm[start:start + batch_size]
            _, cache = forward(params, X[idx])
            g = backward(params, cache, y[idx])
            params = {k: params[k] - lr * g[k] for k in params}
            start += batch_size
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
