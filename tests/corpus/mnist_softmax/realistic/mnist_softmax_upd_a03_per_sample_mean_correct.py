import numpy as np


def softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    n = P.shape[0]
    picked = np.clip(P[np.arange(n), y], 1e-12, None)
    return float(-np.log(picked).mean())


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        params["W" + str(l)] = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
        params["b" + str(l)] = np.zeros(fan_out)
    return params


def forward(params, X):
    n_layers = len(params) // 2
    acts = [X]
    A = X
    for l in range(1, n_layers):
        A = np.maximum(A @ params["W" + str(l)] + params["b" + str(l)], 0.0)
        acts.append(A)
    P = softmax(A @ params["W" + str(n_layers)] + params["b" + str(n_layers)])
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    n, K = P.shape
    n_layers = len(params) // 2
    delta = (P - one_hot(y, K)) / n
    grads = {}
    for l in range(n_layers, 0, -1):
        A_prev = acts[l - 1]
        grads["W" + str(l)] = A_prev.T @ delta
        grads["b" + str(l)] = delta.sum(axis=0)
        if l > 1:
            delta = (delta @ params["W" + str(l)].T) * (A_prev > 0)
    return grads


def _sample_grads(params, x, label):
    """Gradient of one sample's cross-entropy (a batch of one)."""
    _, cache = forward(params, x[None, :])
    return backward(params, cache, np.array([label]))


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            idx = perm[s:s + batch_size]
            acc = {k: np.zeros_like(v) for k, v in params.items()}
            for i in idx:
                g = _sample_grads(params, X[i], y[i])
                for k in acc:
                    acc[k] += g[k]
            acc = {k: a / len(idx) for k, a in acc.items()}   # mean over the batch
            for k in params:
                params[k] = params[k] - lr * acc[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
