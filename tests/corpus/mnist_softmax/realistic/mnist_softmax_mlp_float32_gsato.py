"""HW3: MNIST MLP in float32 -- Genki Sato.

Layers are kept in a list of small Layer objects; the contract functions
convert between that list and the params dict. float32 halves memory and
is faster for the MNIST matrix products.
"""
import numpy as np

DTYPE = np.float32


class Layer:
    __slots__ = ("W", "b", "relu")

    def __init__(self, W, b, relu):
        self.W = np.asarray(W, dtype=DTYPE)
        self.b = np.asarray(b, dtype=DTYPE)
        self.relu = relu

    def __call__(self, A):
        Z = A @ self.W + self.b
        return (np.maximum(Z, 0) if self.relu else Z), Z


def _layers(params):
    L = len(params) // 2
    return [Layer(params[f"W{l}"], params[f"b{l}"], relu=l < L) for l in range(1, L + 1)]


def softmax(Z):
    Z = np.asarray(Z)
    e = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy(P, y):
    idx = np.arange(len(y))
    return float(np.mean(-np.log(np.maximum(P[idx, y], DTYPE(1e-12)))))


def one_hot(y, K):
    return (np.asarray(y).reshape(-1, 1) == np.arange(K)).astype(DTYPE)


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = (rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)).astype(DTYPE)
        params[f"b{l}"] = np.zeros(fan_out, dtype=DTYPE)
    return params


def forward(params, X):
    layers = _layers(params)
    A = np.asarray(X, dtype=DTYPE)
    trace = []                     # (input, pre-activation) of every layer
    for layer in layers:
        out, Z = layer(A)
        trace.append((A, Z))
        A = out
    P = softmax(A)
    return P, (trace, P)


def backward(params, cache, y):
    trace, P = cache
    layers = _layers(params)
    N, K = P.shape
    dZ = (P - one_hot(y, K)) / DTYPE(N)
    grads = {}
    for l in range(len(layers), 0, -1):
        A_in, _ = trace[l - 1]
        grads[f"W{l}"] = A_in.T @ dZ
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            Z_below = trace[l - 2][1]
            dZ = (dZ @ layers[l - 1].W.T) * (Z_below > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=DTYPE) for k, v in params.items()}
    X = np.asarray(X, dtype=DTYPE)
    lr = DTYPE(lr)
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        n_batches = -(-N // batch_size)          # ceil
        for j in range(n_batches):
            batch = perm[j * batch_size:(j + 1) * batch_size]
            grads = backward(params, forward(params, X[batch])[1], y[batch])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1).astype(np.int64)
