# XOR homework - Priya Nair
# I'm used to Andrew Ng's notation: examples are COLUMNS, so inside my code
# A = W^T X^T etc. and I transpose back at the end.
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.zeros_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1 + e)
    return out


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    W2 = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    A0 = X.T                                              # (n_in, m)
    Z1 = params["W1"].T @ A0 + params["b1"][:, None]      # (n_hidden, m)
    A1 = sigmoid(Z1)
    Z2 = params["W2"].T @ A1 + params["b2"][:, None]      # (n_out, m)
    A2 = sigmoid(Z2)
    cache = (A0, Z1, A1, Z2, A2)
    return A2.T, cache


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    A0, Z1, A1, Z2, A2 = cache
    Yc = Y.T
    n_out, m = Yc.shape
    dA2 = 2 * (A2 - Yc) / (n_out * m)
    dZ2 = dA2 * sigmoid_derivative(Z2)                    # (n_out, m)
    dW2 = (dZ2 @ A1.T).T                                  # back to (n_hidden, n_out)
    db2 = np.sum(dZ2, axis=1)
    dA1 = params["W2"] @ dZ2
    dZ1 = dA1 * sigmoid_derivative(Z1)                    # (n_hidden, m)
    dW1 = (dZ1 @ A0.T).T
    db1 = dZ1[:, 0]
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for i in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    print("final loss:", losses[-1])
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
