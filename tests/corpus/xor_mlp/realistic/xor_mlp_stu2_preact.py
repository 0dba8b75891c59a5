# Assignment 2 -- XOR MLP
# Name: Mateo Rossi
# I keep the pre-activations in the cache because the slides said the
# derivative is taken "at z".

import numpy as np


def sigmoid(z):
    z = np.clip(z, -500, 500)          # avoid overflow in exp
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    params = {}
    params["W1"] = rng.normal(0.0, 1.0, size=(n_in, n_hidden)) / np.sqrt(n_in)
    params["b1"] = np.zeros(n_hidden)
    params["W2"] = rng.normal(0.0, 1.0, size=(n_hidden, n_out)) / np.sqrt(n_hidden)
    params["b2"] = np.zeros(n_out)
    return params


def forward(params, X):
    z1 = X @ params["W1"] + params["b1"]
    a1 = sigmoid(z1)
    z2 = a1 @ params["W2"] + params["b2"]
    a2 = sigmoid(z2)
    cache = {"X": X, "z1": z1, "a1": a1, "z2": z2, "a2": a2}
    return a2, cache


def mse_loss(Y_hat, Y):
    return float(np.mean(np.square(Y_hat - Y)))


def backward(params, cache, Y):
    X, z1, a1, z2, a2 = cache["X"], cache["z1"], cache["a1"], cache["z2"], cache["a2"]
    m = Y.size                                   # mean over N * n_out entries
    dA2 = 2.0 * (a2 - Y) / m
    dZ2 = dA2 * sigmoid_derivative(z2)
    dW2 = a1.T @ dZ2
    db2 = np.sum(dZ2, axis=0)
    dA1 = dZ2 @ params["W2"].T
    dZ1 = dA1 * z1 * (1.0 - z1)                  # sigma'(z) = sigma(1 - sigma)
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1, axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    params = {k: v.astype(float).copy() for k, v in params.items()}
    losses = []
    Y_hat, cache = forward(params, X)
    losses.append(mse_loss(Y_hat, Y))
    for epoch in range(epochs):
        grads = backward(params, cache, Y)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
        # if epoch % 1000 == 0: print(epoch, losses[-1])
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    p = init_params(2, 4, 1, np.random.default_rng(0))
    p, L = train(p, X, Y, 5.0, 5000)
    print(L[-1], predict(p, X).ravel())
