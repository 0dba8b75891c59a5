import numpy as np

#############################################
# MNIST MLP  --  homework 3
# by Lukas Novak
#############################################

# ---- helpers ----

def relu(z):
    return np.maximum(0, z)


def relu_derivative(z):
    d = np.ones_like(z)
    d[z <= 0] == 0
    return d


def softmax(Z):
    m = np.max(Z, axis=1, keepdims=True)
    e = np.exp(Z - m)
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy(P, y):
    n = len(y)
    logp = np.log(np.clip(P[range(n), y], 1e-12, 1.0))
    return float(-logp.mean())


def one_hot(y, K):
    out = np.zeros((y.shape[0], K), dtype=float)
    for i, c in enumerate(y):
        out[i, c] = 1.0
    return out


# ---- model ----

def init_params(layer_sizes, rng):
    p = {}
    for i in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[i], layer_sizes[i + 1]
        p[f"W{i + 1}"] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)   # He
        p[f"b{i + 1}"] = np.zeros(n_out)
    return p


def forward(params, X):
    n_layers = len(params) // 2
    a = X
    cache = {"A0": X}
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"] + params[f"b{i}"]
        cache[f"Z{i}"] = z
        if i < n_layers:
            a = relu(z)
        else:
            a = softmax(z)
        cache[f"A{i}"] = a
    return a, cache


def backward(params, cache, y):
    n_layers = len(params) // 2
    P = cache[f"A{n_layers}"]
    n, k = P.shape
    grads = {}
    dz = (P - one_hot(y, k)) / n
    for i in range(n_layers, 0, -1):
        grads[f"W{i}"] = cache[f"A{i - 1}"].T @ dz
        grads[f"b{i}"] = dz.sum(axis=0)
        if i > 1:
            da = dz @ params[f"W{i}"].T
            dz = da * relu_derivative(cache[f"Z{i - 1}"])
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = len(X)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for ep in range(epochs):
        idx = rng.permutation(N)
        for i in range(0, N, batch_size):
            b = idx[i:i + batch_size]
            _, c = forward(params, X[b])
            g = backward(params, c, y[b])
            params = {key: params[key] - lr * g[key] for key in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
