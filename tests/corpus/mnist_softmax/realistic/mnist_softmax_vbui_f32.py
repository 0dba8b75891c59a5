import numpy as np

# Vy Bui - hw3. float32 to make MNIST training faster.
f32 = np.float32

relu = lambda z: np.maximum(z, f32(0))
relu_prime = lambda z: np.maximum(z, f32(0))


def softmax(Z):
    E = np.exp(Z - Z.max(1, keepdims=True)); return E / E.sum(1, keepdims=True)


cross_entropy = lambda P, y: float(-np.log(np.maximum(P[np.arange(len(y)), y], 1e-12)).mean())
one_hot = lambda y, K: np.eye(K, dtype=f32)[y]


def init_params(layer_sizes, rng):
    return {k: v for l in range(1, len(layer_sizes)) for k, v in
            ((f"W{l}", rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])).astype(f32)),
             (f"b{l}", np.zeros(layer_sizes[l], f32)))}


def forward(params, X):
    L, A, Zs, As = len(params) // 2, np.asarray(X, f32), [], []
    for l in range(1, L + 1):
        As.append(A); Zs.append(A @ params[f"W{l}"].astype(f32) + params[f"b{l}"].astype(f32))
        A = relu(Zs[-1]) if l < L else softmax(Zs[-1])
    return A, (As, Zs, A)


def backward(params, cache, y):
    As, Zs, P = cache; L = len(params) // 2; g = {}
    dZ = (P - one_hot(y, P.shape[1])) / f32(len(y))
    for l in range(L, 0, -1):
        g[f"W{l}"], g[f"b{l}"] = As[l - 1].T @ dZ, dZ.sum(0)
        if l > 1: dZ = (dZ @ params[f"W{l}"].T.astype(f32)) * relu_prime(Zs[l - 2])
    return g


def train(params, X, y, lr, epochs, batch_size, rng):
    p = {k: np.array(v, f32) for k, v in params.items()}; X = np.asarray(X, f32); N = len(X)
    losses = [cross_entropy(forward(p, X)[0], y)]
    for _ in range(epochs):
        o = rng.permutation(N)
        for s in range(0, N, batch_size):
            i = o[s:s + batch_size]; gr = backward(p, forward(p, X[i])[1], y[i])
            p = {k: p[k] - f32(lr) * gr[k] for k in p}
        losses.append(cross_entropy(forward(p, X)[0], y))
    return p, losses


predict = lambda params, X: forward(params, X)[0].argmax(1)
