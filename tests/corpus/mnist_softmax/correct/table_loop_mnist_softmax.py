# HW3 - MNIST MLP
# softmax is computed through log-sum-exp (no scipy), the loss adds a tiny number before the log
import numpy as np

TINY = 1e-12


def logsumexp(Z):
    m = np.max(Z, axis=1, keepdims=True)
    return m + np.log(np.sum(np.exp(Z - m), axis=1, keepdims=True))


def softmax(Z):
    Z = np.asarray(Z, dtype=np.float64)
    return np.exp(Z - logsumexp(Z))


def cross_entropy(P, y):
    n = P.shape[0]
    correct = P[np.arange(n), y]
    correct = np.where(correct < TINY, TINY, correct)   # clip at 1e-12
    return -np.sum(np.log(correct)) / n


def one_hot(y, K):
    return np.eye(K)[np.asarray(y, dtype=int)]


def relu(z):
    return np.maximum(0, z)


def relu_grad(z):
    return np.heaviside(z, 0.0)      # derivative at 0 taken as 0


ACTIVATIONS = {}
for _f, _df in ((relu, relu_grad), (np.tanh, lambda z: 1 - np.tanh(z) ** 2)):
    ACTIVATIONS[_f.__name__] = (_f, _df)
HIDDEN = "relu"


def init_params(layer_sizes, rng):
    # Xavier / Glorot uniform
    params = {}
    for i in range(len(layer_sizes) - 1):
        fan_in, fan_out = layer_sizes[i], layer_sizes[i + 1]
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        params["W%d" % (i + 1)] = rng.uniform(-limit, limit, size=(fan_in, fan_out))
        params["b%d" % (i + 1)] = np.zeros((fan_out,))
    return params


def forward(params, X):
    n_layers = len([k for k in params if k.startswith("W")])
    cache = {"A0": X}
    A = X
    for l in range(1, n_layers + 1):
        Z = A @ params["W%d" % l] + params["b%d" % l]
        cache["Z%d" % l] = Z
        if l < n_layers:
            A = ACTIVATIONS[HIDDEN][0](Z)
        else:
            A = softmax(Z)
        cache["A%d" % l] = A
    cache["L"] = n_layers
    return A, cache


def backward(params, cache, y):
    L = cache["L"]
    P = cache["A%d" % L]
    N, K = P.shape
    grads = {}
    dZ = (P - one_hot(y, K)) / N            # softmax + CE combined
    for l in range(L, 0, -1):
        A_prev = cache["A%d" % (l - 1)]
        grads["W%d" % l] = np.dot(A_prev.T, dZ)
        grads["b%d" % l] = np.sum(dZ, axis=0)
        if l > 1:
            dA = np.dot(dZ, params["W%d" % l].T)
            dZ = dA * ACTIVATIONS[HIDDEN][1](cache["Z%d" % (l - 1)])
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        idx = np.arange(N)
        rng.shuffle(idx)                 # same order as rng.permutation(N)
        i = 0
        while i < N:
            b = idx[i:i + batch_size]
            _, cache = forward(params, X[b])
            g = backward(params, cache, y[b])
            for k in params:
                params[k] = params[k] - lr * g[k]
            i += batch_size
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return P.argmax(axis=1)
