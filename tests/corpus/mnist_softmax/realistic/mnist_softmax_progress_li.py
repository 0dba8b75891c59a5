"""HW3 -- MNIST MLP.  Jia Li.  train() can print a progress line per epoch."""
import numpy as np

VERBOSE = False


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    return float(-np.mean(np.log(np.maximum(P[np.arange(y.shape[0]), y], 1e-12))))


def one_hot(y, K):
    return np.eye(K)[y]


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2.0 / layer_sizes[l - 1])
        params[f"b{l}"] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    ins = []
    A = X
    for l in range(1, L + 1):
        ins.append(A)
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = np.maximum(Z, 0) if l < L else softmax(Z)
    return A, (ins, A)


def backward(params, cache, y):
    ins, P = cache
    L = len(params) // 2
    dZ = (P - one_hot(y, P.shape[1])) / P.shape[0]
    grads = {}
    for l in range(L, 0, -1):
        grads[f"W{l}"] = ins[l - 1].T @ dZ
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (ins[l - 1] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    n_batches = -(-N // batch_size)          # ceil(N / batch_size), for the progress line
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        order = rng.permutation(N)
        running = 0.0
        for start in range(0, N - batch_size + 1, batch_size):
            idx = order[start:start + batch_size]
            P, cache = forward(params, X[idx])
            running += cross_entropy(P, y[idx])
            grads = backward(params, cache, y[idx])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
        if VERBOSE:
            print(f"epoch {epoch + 1}: mean batch loss {running / n_batches:.4f}, full loss {losses[-1]:.4f}")
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
