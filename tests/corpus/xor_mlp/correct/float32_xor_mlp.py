# XOR MLP in float32 (I wanted to see if single precision is enough -- it is).
# Everything is cast with .astype(np.float32) on the way in and all arrays I
# return are float32.
import numpy as np

f32 = np.float32


def sigmoid(z):
    z = np.asarray(z).astype(np.float32)
    # exp(-|z|) never overflows, so this is safe for z = +-1000
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, f32(1) / (f32(1) + e), e / (f32(1) + e)).astype(np.float32)


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (f32(1) - s)


def init_params(n_in, n_hidden, n_out, rng):
    # Xavier/Glorot normal
    s1 = np.sqrt(2.0 / (n_in + n_hidden))
    s2 = np.sqrt(2.0 / (n_hidden + n_out))
    return {
        "W1": (rng.standard_normal((n_in, n_hidden)) * s1).astype(np.float32),
        "b1": np.zeros(n_hidden, dtype=np.float32),
        "W2": (rng.standard_normal((n_hidden, n_out)) * s2).astype(np.float32),
        "b2": np.zeros(n_out, dtype=np.float32),
    }


def _p32(params):
    return {k: np.asarray(v).astype(np.float32) for k, v in params.items()}


def forward(params, X):
    p = _p32(params)
    X = np.asarray(X).astype(np.float32)
    Z1 = X @ p["W1"] + p["b1"]
    A1 = sigmoid(Z1)
    Z2 = A1 @ p["W2"] + p["b2"]
    A2 = sigmoid(Z2)
    cache = (X, Z1, A1, Z2, A2)
    return A2, cache


def mse_loss(Y_hat, Y):
    d = np.asarray(Y_hat).astype(np.float32) - np.asarray(Y).astype(np.float32)
    return f32(np.mean(d * d))


def backward(params, cache, Y):
    p = _p32(params)
    X, Z1, A1, Z2, A2 = cache
    Y = np.asarray(Y).astype(np.float32)
    dA2 = f32(2) * (A2 - Y) / f32(Y.size)
    dZ2 = dA2 * sigmoid_derivative(Z2)
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ p["W2"].T
    dZ1 = dA1 * sigmoid_derivative(Z1)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    p = _p32(params)          # astype copies, the caller's dict is untouched
    lr = f32(lr)
    losses = [mse_loss(forward(p, X)[0], Y)]
    for _ in range(epochs):
        Y_hat, cache = forward(p, X)
        g = backward(p, cache, Y)
        p = {k: (p[k] - lr * g[k]).astype(np.float32) for k in p}
        losses.append(mse_loss(forward(p, X)[0], Y))
    return p, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(np.int64)
