import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


LAYERS = [("W1", "b1", [sigmoid]),
          ("W2", "b2", [sigmoid])]


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    W2 = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    a = X
    cache = {"X": X}
    for w, b, fns in LAYERS:
        z = a @ params[w] + params[b]
        for f in fns:
            a = f(z)
        cache[w] = a
    Y_hat = f(a)
    return Y_hat, cache


def mse_loss(Y_hat, Y):
    return float(np.mean(np.square(Y_hat - Y)))


def backward(params, cache, Y):
    X, H, Y_hat = cache["X"], cache["W1"], cache["W2"]
    dY = 2 * (Y_hat - Y) / Y.size
    dZ2 = dY * Y_hat * (1 - Y_hat)
    dZ1 = (dZ2 @ params["W2"].T) * H * (1 - H)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0),
            "W2": H.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = []
    for epoch in range(epochs + 1):
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
        if epoch < epochs:
            grads = backward(params, cache, Y)
            params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
