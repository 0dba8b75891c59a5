import numpy as np

# ---- hyperparameters ----
learning_rate = 10.0
num_epochs = 20
batch = 128


def softmax(Z):
    Z = Z - np.max(Z, axis=1, keepdims=True)
    expZ = np.exp(Z)
    return expZ / expZ.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    n = P.shape[0]
    return float(np.mean(-np.log(np.clip(P[np.arange(n), y], 1e-12, 1.0))))


def one_hot(y, K):
    Y = np.zeros((y.shape[0], K))
    Y[np.arange(y.shape[0]), y] = 1
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        params["W%d" % l] = rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2.0 / layer_sizes[l - 1])
        params["b%d" % l] = np.zeros(layer_sizes[l])
    return params


def linear(A, W, b):
    return A @ W + b


def relu(Z):
    return np.maximum(Z, 0)


def forward(params, X):
    L = len(params) // 2
    cache = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = linear(A, params["W%d" % l], params["b%d" % l])
        A = relu(Z) if l < L else softmax(Z)
        cache["Z%d" % l] = Z
        cache["A%d" % l] = A
    return A, cache


def backward(params, cache, y):
    L = len(params) // 2
    P = cache["A%d" % L]
    n = P.shape[0]
    dZ = (P - one_hot(y, P.shape[1])) / n
    grads = {}
    for l in range(L, 0, -1):
        grads["W%d" % l] = cache["A%d" % (l - 1)].T @ dZ
        grads["b%d" % l] = np.sum(dZ, axis=0)
        if l > 1:
            dZ = (dZ @ params["W%d" % l].T) * (cache["Z%d" % (l - 1)] > 0)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        for i in range(0, N, batch_size):
            idx = perm[i:i + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            for k in params:
                params[k] = params[k] - learning_rate * grads[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    return np.argmax(forward(params, X)[0], axis=1)


if __name__ == "__main__":
    d = np.load("mnist.npz")
    Xtr = d["x_train"].reshape(-1, 784) / 255.0
    ytr = d["y_train"]
    p = init_params([784, 100, 10], np.random.default_rng(0))
    p, hist = train(p, Xtr, ytr, learning_rate, num_epochs, batch, np.random.default_rng(1))
    print(hist)
