"""Assignment 3: MLP on MNIST.  Author: J. Okafor"""
import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_derivative(x):
    return (x > 0).astype(float)


def softmax(Z):
    Z_stable = Z - np.max(Z, axis=1, keepdims=True)
    num = np.exp(Z_stable)
    return num / np.sum(num, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    correct = P[np.arange(N), y]
    return float(np.mean(-np.log(np.clip(correct, 1e-12, 1))))


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for idx in range(len(layer_sizes) - 1):
        fan_in = layer_sizes[idx]
        params["W" + str(idx + 1)] = rng.standard_normal((fan_in, layer_sizes[idx + 1])) * np.sqrt(2.0 / fan_in)
        params["b" + str(idx + 1)] = np.zeros(layer_sizes[idx + 1])
    return params


def forward(params, X):
    n_layers = len(params) // 2
    Zs, As = [], [X]
    for l in range(1, n_layers + 1):
        Z = As[-1] @ params["W" + str(l)] + params["b" + str(l)]
        Zs.append(Z)
        As.append(relu(Z) if l < n_layers else softmax(Z))
    return As[-1], (Zs, As)


def backward(params, cache, y):
    Zs, As = cache
    n_layers = len(params) // 2
    N = As[0].shape[0]
    grads = {}
    delta = (As[-1] - one_hot(y, As[-1].shape[1])) / N
    for l in range(n_layers, 0, -1):
        grads["W" + str(l)] = As[l - 1].T @ delta
        grads["b" + str(l)] = delta.sum(axis=0)
        if l > 1:
            dA = delta @ params["W" + str(l)].T
            delta = relu_derivative(dA)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {name: np.copy(p) for name, p in params.items()}
    N = X.shape[0]
    history = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for begin in range(0, N, batch_size):
            idx = perm[begin:begin + batch_size]
            _, cache = forward(params, X[idx])
            g = backward(params, cache, y[idx])
            for name in params:
                params[name] = params[name] - lr * g[name]
        history.append(cross_entropy(forward(params, X)[0], y))
    return params, history


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
