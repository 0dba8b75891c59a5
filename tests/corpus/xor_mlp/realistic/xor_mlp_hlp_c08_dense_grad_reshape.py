"""Two-layer sigmoid MLP for XOR with a reusable dense-layer gradient helper."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s - s * s


def dense_grad(delta, inp, W):
    """delta: gradient w.r.t. the layer's pre-activation (N, out); inp: the
    layer's input (N, in); W: its weights (in, out).
    Returns {"W": dL/dW, "b": dL/db, "inp": dL/dinp}."""
    return {
        "W": (delta.T @ inp).reshape(W.shape),
        "b": delta.sum(axis=0),
        "inp": delta @ W.T,
    }


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.standard_normal((n_in, n_hidden)) * (1 / np.sqrt(n_in)),
            "b1": np.zeros(n_hidden),
            "W2": rng.standard_normal((n_hidden, n_out)) * (1 / np.sqrt(n_hidden)),
            "b2": np.zeros(n_out)}


def forward(params, X):
    A1 = sigmoid(X @ params["W1"] + params["b1"])
    A2 = sigmoid(A1 @ params["W2"] + params["b2"])
    return A2, (X, A1, A2)


def mse_loss(Y_hat, Y):
    return float(np.sum((Y_hat - Y) ** 2) / Y.size)


def backward(params, cache, Y):
    X, A1, A2 = cache
    dA2 = 2 * (A2 - Y) / Y.size
    dZ2 = dA2 * A2 * (1 - A2)
    top = dense_grad(dZ2, A1, params["W2"])
    dZ1 = top["inp"] * A1 * (1 - A1)
    bottom = dense_grad(dZ1, X, params["W1"])
    return {"W1": bottom["W"], "b1": bottom["b"], "W2": top["W"], "b2": top["b"]}


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return np.where(Y_hat >= 0.5, 1, 0)
