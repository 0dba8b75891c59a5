import numpy as np


def softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def _nll(P, y):
    """Negative log-likelihood of every sample's true class."""
    p = P[np.arange(P.shape[0]), y]
    return -np.log(np.clip(p, 1e-12, 1.0))


def cross_entropy(P, y):
    return float(np.sum(_nll(P, y)))


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


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            batch = perm[s:s + batch_size]
            P, cache = forward(params, X[batch])
            grads = backward(params, cache, y[batch])
            grads = {k: g / len(batch) for k, g in grads.items()}
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)
