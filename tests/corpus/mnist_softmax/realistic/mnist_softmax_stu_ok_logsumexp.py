# Assignment 3.  I work with log-probabilities all the way (logsumexp),
# and keep the layers as a list of (W, b) tuples internally.
import numpy as np


def logsumexp_rows(Z):
    m = np.max(Z, axis=1, keepdims=True)
    return m + np.log(np.sum(np.exp(Z - m), axis=1, keepdims=True))


def softmax(Z):
    return np.exp(Z - logsumexp_rows(Z))


def cross_entropy(P, y):
    N = P.shape[0]
    logp = np.log(np.clip(P, 1e-12, None))
    return float(-logp[np.arange(N), y].sum() / N)


def one_hot(y, K):
    return np.eye(K)[y]


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in = layer_sizes[l - 1]
        params["W" + str(l)] = rng.standard_normal((fan_in, layer_sizes[l])) * np.sqrt(2.0 / fan_in)
        params["b" + str(l)] = np.zeros(layer_sizes[l])
    return params


def layers_of(params):
    return [(params["W%d" % l], params["b%d" % l]) for l in range(1, len(params) // 2 + 1)]


def forward(params, X):
    layers = layers_of(params)
    trace = []                       # (input, pre-activation) per layer
    a = X
    for W, b in layers[:-1]:
        z = np.einsum("nd,dh->nh", a, W) + b
        trace.append((a, z))
        a = z * (z > 0)
    W, b = layers[-1]
    logits = a @ W + b
    trace.append((a, logits))
    return softmax(logits), trace


def backward(params, cache, y):
    layers = layers_of(params)
    trace = cache
    logits = trace[-1][1]
    P = softmax(logits)
    N, K = P.shape
    g = (P - one_hot(y, K)) / N
    grads = {}
    for l in range(len(layers), 0, -1):
        a_in, _ = trace[l - 1]
        grads["W%d" % l] = np.einsum("nd,nh->dh", a_in, g)
        grads["b%d" % l] = g.sum(axis=0)
        if l > 1:
            z_prev = trace[l - 2][1]
            g = (g @ layers[l - 1][0].T) * (z_prev > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, copy=True) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        perm = rng.permutation(N)
        n_batches = int(np.ceil(N / batch_size))
        for j in range(n_batches):
            idx = perm[j * batch_size:(j + 1) * batch_size]
            _, tr = forward(params, X[idx])
            grads = backward(params, tr, y[idx])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return P.argmax(axis=1).astype(int)
