import numpy as np


def softmax(Z):
    e = np.exp(Z - np.max(Z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy(P, y):
    eps = 1e-12
    N = len(y)
    return -np.sum(np.log(np.maximum(P[range(N), y], eps))) / N


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1
    return Y


def init_params(layer_sizes, rng):
    params = {}
    L = len(layer_sizes) - 1
    for l in range(1, L + 1):
        params["W" + str(l)] = rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2 / layer_sizes[l - 1])
        params["b" + str(l)] = np.zeros(layer_sizes[l])
    return params


def forward(params, X):
    L = len(params) // 2
    A = X
    acts = [X]                     # acts[l] = output of layer l (acts[0] = input)
    for l in range(1, L):
        A = np.maximum(0, A @ params["W" + str(l)] + params["b" + str(l)])
        acts.append(A)
    P = softmax(A @ params["W" + str(L)] + params["b" + str(L)])
    acts.append(P)
    return P, acts


def backward(params, cache, y):
    acts = cache
    L = len(params) // 2
    P = acts[-1]
    N = P.shape[0]
    dZ = (P - one_hot(y, P.shape[1])) / N
    grads = {}
    for l in reversed(range(1, L + 1)):
        grads["W" + str(l)] = acts[l - 1].T @ dZ
        grads["b" + str(l)] = np.sum(dZ, axis=0)
        if l > 1:
            dA = dZ @ params["W" + str(l)].T
            # relu'(z) is 1 where the output of the relu is positive
            dZ = dA * (acts[l - 1] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {name: value.copy() for name, value in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        idx = rng.permutation(N)
        X_shuf, y_shuf = X[idx], y[idx]
        for i in range(0, N, batch_size):
            Xb = X_shuf[i:i + batch_size]
            yb = y_shuf[i:i + batch_size]
            _, cache = forward(params, Xb)
            grads = backward(params, cache, yb)
            for name in params:
                params[name] = params[name] - lr * grads[name]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return P.argmax(axis=1)
