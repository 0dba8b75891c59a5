"""MNIST MLP -- everything in single precision (float32) to save memory and time."""
import numpy as np

DTYPE = np.float32


def softmax(Z):
    Z = np.asarray(Z).astype(DTYPE)
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    P = np.asarray(P).astype(DTYPE)
    y = np.asarray(y)
    picked = P[np.arange(P.shape[0]), y]
    picked = np.clip(picked, DTYPE(1e-12), DTYPE(1.0))
    return float(-np.mean(np.log(picked)))


def one_hot(y, K):
    y = np.asarray(y)
    out = np.zeros((y.shape[0], K), dtype=DTYPE)
    out[np.arange(y.shape[0]), y] = 1
    return out


def init_params(layer_sizes, rng):
    """Xavier/Glorot uniform initialisation, zero biases."""
    params = {}
    for i, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        params["W%d" % i] = rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(DTYPE)
        params["b%d" % i] = np.zeros(fan_out, dtype=DTYPE)
    return params


def _n_layers(params):
    return len([k for k in params if k.startswith("W")])


def forward(params, X):
    L = _n_layers(params)
    a = np.asarray(X).astype(DTYPE)
    inputs, preacts = [], []
    for i in range(1, L + 1):
        W = params["W%d" % i].astype(DTYPE)
        b = params["b%d" % i].astype(DTYPE)
        inputs.append(a)
        z = a @ W + b
        preacts.append(z)
        a = np.maximum(z, DTYPE(0)) if i < L else softmax(z)
    return a, (inputs, preacts, a)


def backward(params, cache, y):
    inputs, preacts, P = cache
    L = _n_layers(params)
    n = P.shape[0]
    dz = (P - one_hot(y, P.shape[1])) / DTYPE(n)
    grads = {}
    for i in range(L, 0, -1):
        grads["W%d" % i] = inputs[i - 1].T @ dz
        grads["b%d" % i] = dz.sum(axis=0)
        if i > 1:
            da = dz @ params["W%d" % i].astype(DTYPE).T
            dz = da * (preacts[i - 2] > 0).astype(DTYPE)
    return grads


def loss(params, X, y):
    return cross_entropy(forward(params, X)[0], y)


def train(params, X, y, lr, epochs, batch_size, rng):
    X = np.asarray(X).astype(DTYPE)
    params = {k: np.array(v).astype(DTYPE) for k, v in params.items()}
    lr = DTYPE(lr)
    n = X.shape[0]
    losses = [loss(params, X, y)]
    for _ in range(epochs):
        perm = rng.permutation(n)
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            _, cache = forward(params, X[idx])
            g = backward(params, cache, y[idx])
            params = {k: (params[k] - lr * g[k]).astype(DTYPE) for k in params}
        losses.append(loss(params, X, y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
