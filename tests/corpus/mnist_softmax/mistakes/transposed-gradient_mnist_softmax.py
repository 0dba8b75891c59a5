import numpy as np


def softmax(Z):
    Z = Z - np.amax(Z, axis=1).reshape(-1, 1)
    E = np.exp(Z)
    return E / E.sum(axis=1).reshape(-1, 1)


def cross_entropy(P, y):
    p = np.clip(P[np.arange(len(y)), y], 1e-12, 1.0)
    return float(np.mean(-np.log(p)))


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for i in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[i], layer_sizes[i + 1]
        params["W" + str(i + 1)] = rng.normal(0, np.sqrt(2.0 / n_in), (n_in, n_out))
        params["b" + str(i + 1)] = np.zeros(n_out)
    return params


def unpack(params):
    n = len(params) // 2
    Ws = [params["W" + str(i + 1)] for i in range(n)]
    bs = [params["b" + str(i + 1)] for i in range(n)]
    return Ws, bs


def forward(params, X):
    Ws, bs = unpack(params)
    layer_inputs = []
    zs = []
    a = X
    for i, (W, b) in enumerate(zip(Ws, bs)):
        layer_inputs.append(a)
        z = a @ W + b
        zs.append(z)
        if i == len(Ws) - 1:
            a = softmax(z)
        else:
            a = np.maximum(z, 0)
    return a, {"inputs": layer_inputs, "zs": zs, "P": a}


def backward(params, cache, y):
    Ws, bs = unpack(params)
    P = cache["P"]
    n = P.shape[0]
    delta = (P - one_hot(y, P.shape[1])) / n
    grads = {}
    for i in reversed(range(len(Ws))):
        a_prev = cache["inputs"][i]
        dW = delta.T @ a_prev
        if dW.shape != Ws[i].shape:
            dW = dW.T
        grads["W" + str(i + 1)] = dW
        grads["b" + str(i + 1)] = delta.sum(axis=0)
        if i > 0:
            delta = (delta @ Ws[i].T) * (cache["zs"][i - 1] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = len(X)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for ep in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = perm[s:s + batch_size]
            P, cache = forward(params, X[b])
            grads = backward(params, cache, y[b])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
