# HW3 - MNIST MLP
# Daniel Kim
#
# In backward I work with column vectors (one column per sample), the way
# the backprop equations are written in the textbook (delta^l = (W^{l+1})^T delta^{l+1} * f'(z^l)),
# then convert the gradients back to the (in, out) layout of params.

import numpy as np


def softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    picked = P[np.arange(P.shape[0]), y]
    return float(np.mean(-np.log(np.clip(picked, 1e-12, 1.0))))


def one_hot(y, K):
    out = np.zeros((y.shape[0], K))
    out[np.arange(y.shape[0]), y] = 1
    return out


def init_params(layer_sizes, rng):
    p = {}
    for i in range(len(layer_sizes) - 1):
        p[f"W{i + 1}"] = rng.normal(0, np.sqrt(2 / layer_sizes[i]), (layer_sizes[i], layer_sizes[i + 1]))
        p[f"b{i + 1}"] = np.zeros(layer_sizes[i + 1])
    return p


def forward(params, X):
    L = len(params) // 2
    zs, acts = [], [X]
    for l in range(1, L + 1):
        z = acts[-1] @ params[f"W{l}"] + params[f"b{l}"]
        zs.append(z)
        if l < L:
            acts.append(np.maximum(z, 0))
    P = softmax(zs[-1])
    return P, {"zs": zs, "acts": acts, "P": P}


def backward(params, cache, y):
    L = len(params) // 2
    P = cache["P"]
    N, K = P.shape
    # column-major copies
    acts = [a.T for a in cache["acts"]]      # acts[l] : (n_l, N)
    zs = [z.T for z in cache["zs"]]
    grads = {}

    # output layer
    delta = (P - one_hot(y, K)).T / N        # (K, N)
    grads[f"W{L}"] = (delta @ acts[L - 1].T).T
    grads[f"b{L}"] = delta.sum(axis=1)

    # hidden layers, going down
    for l in range(L - 1, 0, -1):
        W_next = params[f"W{l + 1}"].T       # (n_{l+1}, n_l)
        delta = (W_next.T @ delta) * (zs[l - 1] > 0)
        dW = delta @ acts[l - 1].T           # (n_l, n_{l-1})
        grads[f"W{l}"] = dW.reshape(params[f"W{l}"].shape)
        grads[f"b{l}"] = delta.sum(axis=1)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = len(X)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = perm[s:s + batch_size]
            g = backward(params, forward(params, X[b])[1], y[b])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
