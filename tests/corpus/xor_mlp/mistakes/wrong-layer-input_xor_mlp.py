# XOR with a 2-2-1 network (2 hidden units, like the classic XOR net)
#
# layer 1: z1 = x W1 + b1, a1 = sigmoid(z1)
# layer 2: z2 = a1 W2 + b2, a2 = sigmoid(z2)
# weight gradient of a layer = (input of the layer)^T @ delta of the layer
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.normal(size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    a0 = X
    z1 = a0 @ params["W1"] + params["b1"]
    a1 = sigmoid(z1)
    z2 = a1 @ params["W2"] + params["b2"]
    a2 = sigmoid(z2)
    return a2, {"a0": a0, "z1": z1, "a1": a1, "z2": z2, "a2": a2}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    a0, a1, a2 = cache["a0"], cache["a1"], cache["a2"]
    delta2 = 2 * (a2 - Y) / Y.size * sigmoid_derivative(cache["z2"])
    delta1 = (delta2 @ params["W2"].T) * sigmoid_derivative(cache["z1"])
    dW2 = a0.T @ delta2
    dW1 = a0.T @ delta1
    return {"W1": dW1, "b1": delta1.sum(axis=0), "W2": dW2, "b2": delta2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    losses = [mse_loss(forward(params, X)[0], Y)]
    for _ in range(epochs):
        _, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
