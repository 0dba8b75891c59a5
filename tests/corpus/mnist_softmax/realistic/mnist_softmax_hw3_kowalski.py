import numpy as np

# Anna Kowalski, HW 3


def relu(x):
    return np.maximum(x, 0)


def relu_derivative(a):
    return np.maximum(a, 0)


def softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    p = P[np.arange(P.shape[0]), y]
    return float(np.mean(-np.log(np.maximum(p, 1e-12))))


def one_hot(y, K):
    return np.eye(K)[np.asarray(y)]


def init_params(layer_sizes, rng):
    p = {}
    for l in range(1, len(layer_sizes)):
        p[f"W{l}"] = rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2 / layer_sizes[l - 1])
        p[f"b{l}"] = np.zeros(layer_sizes[l])
    return p


def forward(params, X):
    L = len(params) // 2
    cache = {"A0": X}
    A = X
    for l in range(1, L):
        A = relu(A @ params[f"W{l}"] + params[f"b{l}"])
        cache[f"A{l}"] = A
    P = softmax(A @ params[f"W{L}"] + params[f"b{L}"])
    cache["P"] = P
    return P, cache


def backward(params, cache, y):
    L = len(params) // 2
    P = cache["P"]
    N = P.shape[0]
    dZ = (P - one_hot(y, P.shape[1])) / N
    grads = {}
    for l in range(L, 0, -1):
        A_prev = cache[f"A{l - 1}"]
        grads[f"W{l}"] = A_prev.T @ dZ
        grads[f"b{l}"] = np.sum(dZ, axis=0)
        if l > 1:
            dA = dZ @ params[f"W{l}"].T
            dZ = dA * relu_derivative(A_prev)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    losses = [cross_entropy(forward(params, X)[0], y)]
    N = len(y)
    for _ in range(epochs):
        order = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = order[s:s + batch_size]
            _, c = forward(params, X[b])
            g = backward(params, c, y[b])
            for k in params:
                params[k] = params[k] - lr * g[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return P.argmax(axis=1)
