"""HW2: XOR MLP.  Rahul Singh.

I learned backprop from Andrew Ng's course where the samples are columns,
so inside backward I transpose everything to (features, N), do the math in
that layout, and transpose back to the handout's layout at the end.
"""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(size=(n_in, n_hidden)) * np.sqrt(1.0 / n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(size=(n_hidden, n_out)) * np.sqrt(1.0 / n_hidden),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"A0": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def mse_loss(Y_hat, Y):
    return float(np.mean(np.square(Y_hat - Y)))


def backward(params, cache, Y):
    # column-major copies: (features, m)
    A0 = cache["A0"].T
    A1 = cache["A1"].T
    A2 = cache["A2"].T
    Z1 = cache["Z1"].T
    Z2 = cache["Z2"].T
    Yc = Y.T
    m = A0.shape[1]
    W2 = params["W2"].T          # (n_out, n_hidden), Ng's convention

    dA2 = 2.0 * (A2 - Yc) / m
    dZ2 = dA2 * sigmoid_derivative(Z2)
    dW2 = dZ2 @ A1.T             # (n_out, n_hidden)
    db2 = np.sum(dZ2, axis=1)

    dA1 = W2.T @ dZ2
    dZ1 = dA1 * sigmoid_derivative(Z1)
    dW1 = dZ1 @ A0.T             # (n_hidden, n_in)
    db1 = np.sum(dZ1, axis=1)

    # back to the handout's layout
    return {
        "W1": dW1.reshape(params["W1"].shape),
        "b1": db1,
        "W2": dW2.T,
        "b2": db2,
    }


def train(params, X, Y, lr, epochs):
    params = {name: value.astype(np.float64) for name, value in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {name: params[name] - lr * grads[name] for name in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(np.int64)
