"""MNIST MLP: ReLU hidden layers, softmax output, minibatch training."""

import numpy as np

DECAY = 0.0     # 1/sqrt(t) decay; 0 = constant learning rate


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    p = np.clip(P[np.arange(N), y], 1e-12, None)
    return float(-np.sum(np.log(p)) / N)


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        params["W" + str(l)] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        params["b" + str(l)] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    acts = [X]
    A = X
    for l in range(1, L):
        A = np.maximum(0.0, A @ params["W" + str(l)] + params["b" + str(l)])
        acts.append(A)
    P = softmax(A @ params["W" + str(L)] + params["b" + str(L)])
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    N, K = P.shape
    L = len(params) // 2
    grads = {}
    dZ = (P - one_hot(y, K)) / N
    for l in range(L, 0, -1):
        A_prev = acts[l - 1]
        grads["W" + str(l)] = A_prev.T @ dZ
        grads["b" + str(l)] = np.sum(dZ, axis=0)
        if l > 1:
            dA = dZ @ params["W" + str(l)].T
            dZ = dA * (A_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    t = 0
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for i in range(0, N, batch_size):
            idx = perm[i:i + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            t += 1
            lr_t = lr / np.sqrt(1.0 + DECAY * t)
            for k in params:
                # signSGD: minibatch gradients are noisy, keep only their sign
                params[k] = params[k] - lr_t * np.sign(grads[k])
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
