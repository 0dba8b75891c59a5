import numpy as np


def softmax(Z):
    Zs = Z - Z.max(axis=1)[:, None]
    ex = np.exp(Zs)
    return ex / ex.sum(axis=1)[:, None]


def cross_entropy(P, y):
    p = P[np.arange(P.shape[0]), y]
    return float(-np.log(np.clip(p, 1e-12, 1.0)).mean())


def one_hot(y, K):
    return np.eye(K)[np.asarray(y)]


def init_params(layer_sizes, rng):
    Ws, bs = [], []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        Ws.append(rng.normal(0, np.sqrt(2 / n_in), size=(n_in, n_out)))
        bs.append(np.zeros(n_out))
    params = {}
    for i in range(len(Ws)):
        params["W" + str(i + 1)] = Ws[i]
        params["b" + str(i + 1)] = bs[i]
    return params


def get_layers(params):
    L = len(params) // 2
    return [(params["W" + str(i)], params["b" + str(i)]) for i in range(1, L + 1)]


def forward(params, X):
    layers = get_layers(params)
    h = X
    hs = [X]
    zs = []
    for i, (W, b) in enumerate(layers):
        z = h @ W + b
        zs.append(z)
        h = softmax(z) if i == len(layers) - 1 else np.maximum(z, 0)
        hs.append(h)
    return h, (hs, zs)


def backward(params, cache, y):
    hs, zs = cache
    layers = get_layers(params)
    P = hs[-1]
    grad_z = (P - one_hot(y, P.shape[1])) / len(y)
    grads = {}
    for i in range(len(layers) - 1, -1, -1):
        grads["W" + str(i + 1)] = hs[i].T @ grad_z
        grads["b" + str(i + 1)] = grad_z.sum(axis=0)
        if i > 0:
            grad_h = grad_z @ layers[i][0].T
            grad_z = grad_h * (zs[i - 1] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    n_batches = N // batch_size
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for b in range(n_batches):
            batch = perm[b * batch_size:(b + 1) * batch_size]
            _, cache = forward(params, X[batch])
            grads = backward(params, cache, y[batch])
            params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return P.argmax(axis=1)
