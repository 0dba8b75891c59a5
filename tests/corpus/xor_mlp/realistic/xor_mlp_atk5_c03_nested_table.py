import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


# (weight key, bias key, functions applied after the affine map)
LAYERS = [
    ("W1", "b1", [sigmoid]),
    ("W2", "b2", [sigmoid]),
]


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    a = X
    inputs, zs = [], []
    for w, b, fns in LAYERS:
        inputs.append(a)
        z = a @ params[w] + params[b]
        zs.append(z)
        a = z
        for f in fns:
            a = f(a)
    return a, {"inputs": inputs, "zs": zs}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    inputs, zs = cache["inputs"], cache["zs"]
    Y_hat = sigmoid(zs[-1])
    grad = 2.0 * (Y_hat - Y) / Y.size
    grads = {}
    for k in reversed(range(len(LAYERS))):
        w, b, _ = LAYERS[k]
        dz = grad * sigmoid_derivative(zs[k])
        grads[w] = inputs[k].T @ dz
        grads[b] = dz.sum(axis=0)
        grad = dz @ params[w].T
    return grads


def train(params, X, Y, lr, epochs):
    params = {k: v.astype(float).copy() for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
