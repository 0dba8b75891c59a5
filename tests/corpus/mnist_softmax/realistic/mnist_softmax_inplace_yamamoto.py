"""MNIST MLP, homework 3 -- Ren Yamamoto.
The backward pass reuses one buffer per layer (np.multiply with out=) so it
does not allocate inside the loop."""
import numpy as np


def softmax(Z):
    Zs = Z - Z.max(axis=1, keepdims=True)
    np.exp(Zs, out=Zs)
    Zs /= Zs.sum(axis=1, keepdims=True)
    return Zs


def cross_entropy(P, y):
    p = P[np.arange(len(y)), y]
    return float(np.mean(-np.log(np.maximum(p, 1e-12))))


def one_hot(y, K):
    Y = np.zeros((y.shape[0], K))
    Y[np.arange(y.shape[0]), y] = 1
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        params["W" + str(l)] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params["b" + str(l)] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    inputs, pre = [], []
    A = X
    for l in range(1, L + 1):
        inputs.append(A)
        Z = A @ params["W" + str(l)] + params["b" + str(l)]
        pre.append(Z)
        A = np.maximum(Z, 0) if l < L else softmax(Z)
    return A, (inputs, pre, A)


def backward(params, cache, y):
    inputs, pre, P = cache
    L = len(params) // 2
    N, K = P.shape
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        A_prev = inputs[l - 1]
        grads["W" + str(l)] = A_prev.T @ dZ
        grads["b" + str(l)] = dZ.sum(axis=0)
        if l > 1:
            dZ = dZ @ params["W" + str(l)].T
            np.multiply(dZ > 0, dZ, out=dZ)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = perm[s:s + batch_size]
            _, cache = forward(params, X[b])
            g = backward(params, cache, y[b])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
