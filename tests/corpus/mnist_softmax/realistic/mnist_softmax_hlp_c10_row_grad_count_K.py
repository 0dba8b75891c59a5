"""MNIST MLP: ReLU hidden layers, softmax output, cross-entropy loss.
The logit gradient is built sample by sample with a small helper."""
import numpy as np


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)


def cross_entropy(P, y):
    rows = np.arange(y.shape[0])
    return float(np.mean(-np.log(np.clip(P[rows, y], 1e-12, None))))


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def row_logit_grad(p_row, label, count):
    """d(loss)/d(logits) for one sample when the loss is a mean over `count`
    samples: (p - e_label) / count."""
    g = p_row.copy()
    g[label] -= 1.0
    return g / count


def init_params(layer_sizes, rng):
    params = {}
    for l, (a, b) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params["W%d" % l] = rng.normal(0.0, np.sqrt(2.0 / a), size=(a, b))
        params["b%d" % l] = np.zeros(b)
    return params


def forward(params, X):
    L = len(params) // 2
    acts = [X]
    A = X
    for l in range(1, L + 1):
        Z = A @ params["W%d" % l] + params["b%d" % l]
        if l < L:
            A = np.maximum(Z, 0.0)
            acts.append(A)
    P = softmax(Z)
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    N, K = P.shape
    L = len(params) // 2
    dZ = np.stack([row_logit_grad(P[n], y[n], K) for n in range(N)])
    grads = {}
    for l in range(L, 0, -1):
        A_prev = acts[l - 1]
        grads["W%d" % l] = A_prev.T @ dZ
        grads["b%d" % l] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params["W%d" % l].T) * (A_prev > 0)
    return {k: grads[k] for k in params}


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = len(X)
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        for i in range(0, N, batch_size):
            idx = perm[i:i + batch_size]
            _, cache = forward(params, X[idx])
            g = backward(params, cache, y[idx])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
