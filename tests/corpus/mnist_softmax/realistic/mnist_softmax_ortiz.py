"""HW3 -- MNIST MLP.  Sofia Ortiz.
Each operation has its own small function, and the derivative of every
activation too, so backward is just the chain rule written out."""
import numpy as np


def relu(z):
    return np.maximum(z, 0.0)


def relu_derivative(z):
    return np.maximum(z, 0)


def softmax(Z):
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy(P, y):
    picked = P[np.arange(P.shape[0]), y]
    return float(-np.log(np.clip(picked, 1e-12, None)).mean())


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for l, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params["W%d" % l] = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        params["b%d" % l] = np.zeros(fan_out)
    return params


def forward(params, X):
    L = len(params) // 2
    A = X
    Zs, As = [], [X]
    for l in range(1, L + 1):
        Z = A @ params["W%d" % l] + params["b%d" % l]
        Zs.append(Z)
        if l < L:
            A = relu(Z)
            As.append(A)
    P = softmax(Zs[-1])
    return P, {"Zs": Zs, "As": As, "P": P}


def backward(params, cache, y):
    Zs, As, P = cache["Zs"], cache["As"], cache["P"]
    L = len(params) // 2
    N, K = P.shape
    grads = {}
    delta = (P - one_hot(y, K)) / N
    for l in range(L, 0, -1):
        grads["W%d" % l] = As[l - 1].T @ delta
        grads["b%d" % l] = delta.sum(axis=0)
        if l > 1:
            upstream = delta @ params["W%d" % l].T
            delta = upstream * relu_derivative(As[l - 1])   # relu(z) > 0 exactly where z > 0
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            idx = perm[start:start + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
