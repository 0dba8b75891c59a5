"""HW3 MNIST (explicit Jacobian)."""
import numpy as np


def logsumexp(Z):
    m = np.max(Z, axis=1, keepdims=True)
    return m + np.log(np.sum(np.exp(Z - m), axis=1, keepdims=True))


def softmax(Z):
    # log-softmax first, then exp: never overflows
    log_p = Z - logsumexp(Z)
    return np.exp(log_p)


def softmax_jacobian(p):
    """d softmax / d z for one sample: p_i (1 - p_i) on the diagonal, -p_i p_j off it."""
    J = -np.outer(p, p)
    J[np.diag_indices_from(J)] = p * (1 - p)
    return J


def cross_entropy(P, y):
    picked = P[np.arange(y.shape[0]), y]
    picked = np.clip(picked, 1e-12, None)
    return float(-np.log(picked).mean())


def one_hot(y, K):
    out = np.zeros((len(y), K))
    out[np.arange(len(y)), y] = 1.0
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
    X = X.reshape(X.shape[0], -1)        # flatten images if they come as 28x28
    acts = [X]
    A = X
    for l in range(1, L + 1):
        b_row = params["b%d" % l].reshape(1, -1)   # bias as a row for broadcasting
        Z = A @ params["W%d" % l] + b_row
        if l < L:
            A = np.maximum(Z, 0)
            acts.append(A)
    P = softmax(Z)
    return P, (acts, P)


def backward(params, cache, y):
    acts, P = cache
    N, K = P.shape
    L = len(params) // 2
    Y = one_hot(y, K)
    # dL/dP for the mean cross-entropy, then the softmax Jacobian sample by sample
    dP = -Y / np.maximum(P, 1e-12) / N
    dZ = np.zeros_like(P)
    for n in range(N):
        p = P[n]
        J = softmax_jacobian(p)
        dZ[n] = J @ dP[n]
    grads = {}
    for l in range(L, 0, -1):
        A_prev = acts[l - 1]
        dW = A_prev.T @ dZ
        grads["W%d" % l] = dW.reshape(params["W%d" % l].shape)   # same shape, just to be safe
        db_row = np.sum(dZ, axis=0, keepdims=True)
        grads["b%d" % l] = db_row.reshape(-1)
        if l > 1:
            dA = dZ @ params["W%d" % l].T
            dZ = dA * (A_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for ep in range(epochs):
        idx = rng.permutation(N)
        for s in range(0, N, batch_size):
            bi = idx[s:s + batch_size]
            P, cache = forward(params, X[bi])
            g = backward(params, cache, y[bi])
            params = {k: params[k] - lr * g[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)
