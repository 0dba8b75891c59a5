import numpy as np


def softmax(Z):
    m = Z.max(axis=1)[:, None]
    e = np.exp(Z - m)
    return e / e.sum(axis=1)[:, None]


def cross_entropy(P, y):
    return float(np.mean(-np.log(np.maximum(P[range(len(y)), y], 1e-12))))


def one_hot(y, K):
    return (np.arange(K)[None, :] == np.asarray(y)[:, None]).astype(float)


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def init_params(layer_sizes, rng):
    p = {}
    for l, (a, b) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), 1):
        p[f"W{l}"] = rng.normal(0, np.sqrt(2 / a), (a, b))
        p[f"b{l}"] = np.zeros(b)
    return p


def forward(params, X):
    L = len(params) // 2
    A = X
    layer_inputs = []
    for l in range(1, L):
        layer_inputs.append(A)
        A = sigmoid(A @ params[f"W{l}"] + params[f"b{l}"])
    layer_inputs.append(A)
    P = softmax(A @ params[f"W{L}"] + params[f"b{L}"])
    return P, (layer_inputs, P)


def backward(params, cache, y):
    layer_inputs, P = cache
    N, K = P.shape
    L = len(params) // 2
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        A_prev = layer_inputs[l - 1]
        grads[f"W{l}"] = A_prev.T @ dZ
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (A_prev > 0)
    return {k: grads[k] for k in params}


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], batch_size):
            b = order[start:start + batch_size]
            _, cache = forward(params, X[b])
            g = backward(params, cache, y[b])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
