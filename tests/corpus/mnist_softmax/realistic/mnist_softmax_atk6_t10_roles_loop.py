"""MNIST MLP: ReLU hidden layers, softmax output."""
import numpy as np


def relu(Z):
    return np.maximum(Z, 0.0)


def softmax(Z):
    E = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return E / np.sum(E, axis=1, keepdims=True)


ACTIVATION = {
    "hidden": relu,
    "output": softmax,
}


def cross_entropy(P, y):
    N = P.shape[0]
    return float(-np.sum(np.log(np.clip(P[np.arange(N), y], 1e-12, None))) / N)


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params["W%d" % l] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params["b%d" % l] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    roles = ["hidden"] * (L - 1) + ["output"]
    A = X
    layer_inputs = []
    for l, role in enumerate(roles, start=1):
        layer_inputs.append(A)
        A = ACTIVATION[role](A @ params["W%d" % l] + params["b%d" % l])
    P = ACTIVATION["output"](A)
    return P, (layer_inputs, P)


def backward(params, cache, y):
    layer_inputs, P = cache
    N, K = P.shape
    L = len(params) // 2
    grads = {}
    dZ = (P - one_hot(y, K)) / N
    for l in range(L, 0, -1):
        A_prev = layer_inputs[l - 1]
        grads["W%d" % l] = A_prev.T @ dZ
        grads["b%d" % l] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params["W%d" % l].T) * (A_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for i in range(0, N, batch_size):
            idx = perm[i:i + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
