import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    out = np.empty_like(Z)
    for i, z in enumerate(Z):
        e = np.exp(z - z.max())
        out[i] = e / e.sum()
    return out


def cross_entropy(P, y):
    total = 0.0
    for p, label in zip(P, y):
        total -= np.log(max(p[label], 1e-12))
    return float(total / len(y))


def one_hot(y, K):
    out = np.zeros((len(y), K))
    for i, label in enumerate(y):
        out[i, label] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        params["W%d" % l] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params["b%d" % l] = np.zeros(n_out)
    return params


def forward(params, X):
    L = len(params) // 2
    inputs, pre = [], []
    A = X
    for l in range(1, L + 1):
        inputs.append(A)
        Z = A @ params["W%d" % l] + params["b%d" % l]
        pre.append(Z)
        A = np.maximum(Z, 0.0) if l < L else softmax(Z)
    return A, (inputs, pre, A)


def row_grad(p, label, count):
    """dL/dz for one sample of a batch of `count` (the loss is a mean over the batch)."""
    d = p.copy()
    d[label] -= 1.0
    return d / count


def backward(params, cache, y):
    inputs, pre, P = cache
    N, K = P.shape
    L = len(params) // 2
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    for n in range(N):
        dz = row_grad(P[n], y[n], K)
        for l in range(L, 0, -1):
            grads["W%d" % l] += np.outer(inputs[l - 1][n], dz)
            grads["b%d" % l] += dz
            if l > 1:
                dz = (params["W%d" % l] @ dz) * (pre[l - 2][n] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    losses = [cross_entropy(forward(params, X)[0], y)]
    N = len(X)
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
