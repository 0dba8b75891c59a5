import numpy as np


def relu(z):
    return np.maximum(z, 0)


def identity(z):
    return z


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    expZ = np.exp(Z)
    return expZ / np.sum(expZ, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    picked = np.clip(P[np.arange(N), y], 1e-12, None)
    return float(-np.log(picked).sum() / N)


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for i in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[i], layer_sizes[i + 1]
        params["W" + str(i + 1)] = rng.normal(0, np.sqrt(2 / n_in), size=(n_in, n_out))
        params["b" + str(i + 1)] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    Ws = [params[f"W{l}"] for l in range(1, L + 1)]
    bs = [params[f"b{l}"] for l in range(1, L + 1)]
    fns = [relu] * L          # one activation per layer
    A = X
    layer_inputs = []
    for W, b, f in zip(Ws, bs, fns):
        layer_inputs.append(A)
        A = f(A @ W + b)
    P = softmax(A)
    return P, (layer_inputs, P)


def backward(params, cache, y):
    layer_inputs, P = cache
    N, K = P.shape
    L = len(params) // 2
    grads = {}
    dZ = (P - one_hot(y, K)) / N
    for l in reversed(range(1, L + 1)):
        A_prev = layer_inputs[l - 1]
        grads[f"W{l}"] = A_prev.T @ dZ
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            dA = dZ @ params[f"W{l}"].T
            dZ = dA * (A_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = len(X)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        idx = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = idx[s:s + batch_size]
            _, cache = forward(params, X[b])
            g = backward(params, cache, y[b])
            for k in params:
                params[k] = params[k] - lr * g[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
        print(f"epoch {epoch}: loss {losses[-1]:.4f}")
    return params, losses


def predict(params, X):
    return forward(params, X)[0].argmax(axis=1)
