# HW3 MNIST -- Aminata Fofanah
# I think in column vectors (one sample per column), as in the Nielsen book.
# The contract uses rows, so I transpose X on the way in and P on the way out.
import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    Zc = Z.T                                   # (K, N)
    Zc = Zc - Zc.max(axis=0)
    E = np.exp(Zc)
    return (E / E.sum(axis=0)).T


def cross_entropy(P, y):
    rows = np.arange(P.shape[0])
    return -float(np.mean(np.log(np.clip(P[rows, y], 1e-12, 1.0))))


def one_hot(y, K):
    y = np.asarray(y)
    M = np.zeros((K, y.size))
    M[y, np.arange(y.size)] = 1.0
    return M.T


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        std = np.sqrt(2.0 / layer_sizes[l - 1])
        params[f"W{l}"] = std * rng.standard_normal((layer_sizes[l - 1], layer_sizes[l]))
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


def _layers(params):
    L = len(params) // 2
    return [(params[f"W{l}"].T, params[f"b{l}"][:, None]) for l in range(1, L + 1)]   # (out, in), (out, 1)


def forward(params, X):
    layers = _layers(params)
    a = np.asarray(X, dtype=float).T
    acts = [a]
    for i, (W, b) in enumerate(layers):
        z = W @ a + b
        a = np.maximum(z, 0.0) if i < len(layers) - 1 else softmax(z.T).T
        acts.append(a)
    return acts[-1].T, acts


def backward(params, cache, y):
    acts = cache
    layers = _layers(params)
    P = acts[-1]                              # (K, N)
    T = one_hot(y, P.shape[0]).T
    delta = (P - T) / P.size
    grads = {}
    for l in range(len(layers), 0, -1):
        a_prev = acts[l - 1]
        grads[f"W{l}"] = (delta @ a_prev.T).T
        grads[f"b{l}"] = delta.sum(axis=1)
        if l > 1:
            W, _ = layers[l - 1]
            delta = (W.T @ delta) * (a_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = len(y)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for i in range(0, N, batch_size):
            j = perm[i:i + batch_size]
            _, cache = forward(params, X[j])
            grads = backward(params, cache, y[j])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
