import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    N, K = Z.shape
    m = Z.max(axis=1)
    denom = np.zeros(N)
    for k in range(K):
        denom += np.exp(Z[:, k] - m)
    P = np.empty_like(Z)
    for k in range(K):
        P[:, k] = np.exp(Z[:, k] - m) / denom
    return P


def cross_entropy(P, y):
    idx = np.arange(P.shape[0])
    return float(np.mean(-np.log(np.clip(P[idx, y], 1e-12, 1.0))))


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    for i, c in enumerate(y):
        Y[i, c] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in = layer_sizes[l - 1]
        params["W%d" % l] = rng.standard_normal((fan_in, layer_sizes[l])) * np.sqrt(2.0 / fan_in)
        params["b%d" % l] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    A = X
    As, Zs = [X], []
    for l in range(1, L + 1):
        Z = A @ params["W%d" % l] + params["b%d" % l]
        Zs.append(Z)
        if l < L:
            A = np.maximum(Z, 0.0)
            As.append(A)
    sig_out = 1.0 / (1.0 + np.exp(-np.clip(Zs[-1], -500, 500)))   # logged, not used
    P = softmax(Zs[-1])
    return P, {"As": As, "Zs": Zs, "P": P}


def backward(params, cache, y):
    As, Zs, P = cache["As"], cache["Zs"], cache["P"]
    L = len(params) // 2
    N, K = P.shape
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        grads["W%d" % l] = As[l - 1].T @ dZ
        grads["b%d" % l] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params["W%d" % l].T) * (Zs[l - 2] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = len(y)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for i in range(0, N, batch_size):
            sel = perm[i:i + batch_size]
            _, cache = forward(params, X[sel])
            grads = backward(params, cache, y[sel])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
