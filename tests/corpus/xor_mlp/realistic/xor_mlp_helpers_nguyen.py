"""XOR MLP -- Bao Nguyen.  One small helper per operation, so every step of
the chain rule has a name.  The 2/N of the mean is applied once, at the very
end, to every gradient."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def affine(A, W, b):
    return A @ W + b


def weight_grad(A_in, delta):
    return A_in.T @ delta


def bias_grad(delta):
    return delta.sum(axis=0)


def backprop_through(delta, W):
    return delta @ W.T


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in), "b1": np.zeros(n_hidden),
            "W2": rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden), "b2": np.zeros(n_out)}


def forward(params, X):
    z1 = affine(X, params["W1"], params["b1"])
    a1 = sigmoid(z1)
    z2 = affine(a1, params["W2"], params["b2"])
    a2 = sigmoid(z2)
    return a2, [X, z1, a1, z2, a2]


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, z1, a1, z2, a2 = cache
    factor = 2.0 / Y.size
    raw = a2 - Y
    delta2 = raw * sigmoid_derivative(z2)
    delta1 = backprop_through(delta2, params["W2"]) * sigmoid_derivative(z1)
    gW2 = (delta2.T @ a1).reshape(params["W2"].shape)
    grads = {
        "W1": factor * weight_grad(X, delta1),
        "b1": factor * bias_grad(delta1),
        "W2": factor * gW2,
        "b2": factor * bias_grad(delta2),
    }
    return grads


def train(params, X, Y, lr, epochs):
    params = dict((k, np.array(v, dtype=float)) for k, v in params.items())
    out, cache = forward(params, X)
    losses = [mse_loss(out, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = dict((k, params[k] - lr * grads[k]) for k in params)
        out, cache = forward(params, X)
        losses.append(mse_loss(out, Y))
    return params, losses


def predict(params, X):
    out, _ = forward(params, X)
    return (out >= 0.5).astype(np.int64)
