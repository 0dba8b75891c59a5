import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    t = np.tanh(z / 2.0)
    return (t + 1.0) / 2.0


def sigmoid_derivative(z):
    t = np.tanh(z / 2.0)
    sech2 = 1.0 - t * t
    d = sech2 / 4.0
    return d


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    W2 = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return dict(W1=W1, b1=np.zeros(n_hidden), W2=W2, b2=np.zeros(n_out))


class _Cache:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    T1 = np.tanh(0.5 * Z1)
    H = 0.5 * (1.0 + T1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, _Cache(X=X, Z1=Z1, H=H, Z2=Z2, Y_hat=Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.sum((Y_hat - Y) ** 2) / Y.size)


def backward(params, cache, Y):
    dY = 2.0 * (cache.Y_hat - Y) / Y.size
    dZ2 = dY * sigmoid_derivative(cache.Z2)
    dZ1 = (dZ2 @ params["W2"].T) * sigmoid_derivative(cache.Z1)
    return {"W1": cache.X.T @ dZ1, "b1": dZ1.sum(axis=0),
            "W2": cache.H.T @ dZ2, "b2": dZ2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = {k: np.copy(v).astype(float) for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        g = backward(params, cache, Y)
        params = {k: params[k] - lr * g[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
