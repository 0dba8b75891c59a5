import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    p_correct = P[np.arange(len(y)), y]
    return float(-np.mean(np.log(np.maximum(p_correct, 1e-12))))


def one_hot(y, K):
    return np.eye(K)[y]


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
        params[f"b{l}"] = np.zeros(fan_out)
    return params


def forward(params, X):
    L = len(params) // 2
    A = X
    inputs = []
    for l in range(1, L):
        inputs.append(A)
        A = np.maximum(A @ params[f"W{l}"] + params[f"b{l}"], 0.0)
    inputs.append(A)
    P = softmax(A @ params[f"W{L}"] + params[f"b{L}"])
    return P, (inputs, P)


def backward(params, cache, y):
    inputs, P = cache
    N, K = P.shape
    L = len(params) // 2
    dZ = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(L, 0, -1):
        A_prev = inputs[l - 1]
        grads[f"W{l}"] = A_prev.T @ dZ
        db = dZ[0]
        grads[f"b{l}"] = db
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (A_prev > 0)
    return {k: grads[k] for k in params}


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            batch = order[start:start + batch_size]
            _, cache = forward(params, X[batch])
            grads = backward(params, cache, y[batch])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
