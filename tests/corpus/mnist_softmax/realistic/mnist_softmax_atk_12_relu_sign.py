import numpy as np


def relu(z):
    return np.maximum(z, 0.0)


def relu_grad(z):
    sgn = np.sign(z)
    return np.abs(sgn)


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    return float(-np.mean(np.log(np.maximum(P[np.arange(len(y)), y], 1e-12))))


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for l, (fi, fo) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{l}"] = rng.standard_normal((fi, fo)) * np.sqrt(2.0 / fi)
        params[f"b{l}"] = np.zeros(fo)
    return params


def forward(params, X):
    L = len(params) // 2
    As, Zs = [X], []
    for l in range(1, L + 1):
        Z = As[-1] @ params[f"W{l}"] + params[f"b{l}"]
        Zs.append(Z)
        if l < L:
            As.append(relu(Z))
    P = softmax(Zs[-1])
    return P, (As, Zs, P)


def backward(params, cache, y):
    As, Zs, P = cache
    N, K = P.shape
    L = len(params) // 2
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        grads[f"W{l}"] = As[l - 1].T @ dZ
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * relu_grad(Zs[l - 2])
    return {k: grads[k] for k in params}


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for s in range(0, N, batch_size):
            idx = order[s:s + batch_size]
            _, cache = forward(params, X[idx])
            g = backward(params, cache, y[idx])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
