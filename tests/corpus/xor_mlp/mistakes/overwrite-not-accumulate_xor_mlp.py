# XOR MLP. Backprop is done one training example at a time (easier for me to
# check the shapes with vectors), then averaged.
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0,
                    1.0 / (1.0 + np.exp(-np.abs(z))),
                    np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))


def sigmoid_derivative(z):
    return sigmoid(z) * (1.0 - sigmoid(z))


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    z1 = X @ params["W1"] + params["b1"]
    h = sigmoid(z1)
    z2 = h @ params["W2"] + params["b2"]
    out = sigmoid(z2)
    return out, {"X": X, "z1": z1, "h": h, "z2": z2, "out": out}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, z1, h, z2, out = cache["X"], cache["z1"], cache["h"], cache["z2"], cache["out"]
    N, n_out = Y.shape
    dW1 = np.zeros_like(params["W1"])
    db1 = np.zeros_like(params["b1"])
    dW2 = np.zeros_like(params["W2"])
    db2 = np.zeros_like(params["b2"])
    for i in range(N):
        # gradient of sum_k (out_ik - y_ik)^2 for this example
        d_out = 2.0 * (out[i] - Y[i])
        d_z2 = d_out * sigmoid_derivative(z2[i])
        dW2 = np.outer(h[i], d_z2)
        db2 = d_z2
        d_h = params["W2"] @ d_z2
        d_z1 = d_h * sigmoid_derivative(z1[i])
        dW1 = np.outer(X[i], d_z1)
        db1 = d_z1
    scale = 1.0 / (N * n_out)
    return {"W1": dW1 * scale, "b1": db1 * scale, "W2": dW2 * scale, "b2": db2 * scale}


def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for epoch in range(epochs):
        _, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    out, _ = forward(params, X)
    return (out >= 0.5).astype(int)
