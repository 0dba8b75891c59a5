# HW2 - XOR with a 2 layer network
# John Doe
#
# backprop done one sample at a time, then summed, like in the lecture
# slides (slide 23).

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


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.normal(0, 1 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0, 1 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, (X, H, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, H, Y_hat = cache
    N = X.shape[0]
    dW1 = np.zeros_like(params["W1"])
    db1 = np.zeros_like(params["b1"])
    dW2 = np.zeros_like(params["W2"])
    db2 = np.zeros_like(params["b2"])
    for n in range(N):
        x = X[n]
        h = H[n]
        y_hat = Y_hat[n]
        # output layer
        delta2 = 2 * (y_hat - Y[n]) * sigmoid_derivative(y_hat)
        dW2 += np.outer(h, delta2)
        db2 += delta2
        # hidden layer
        delta1 = (params["W2"] @ delta2) * sigmoid_derivative(h)
        dW1 += np.outer(x, delta1)
        db1 += delta1
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    p = {k: v.copy() for k, v in params.items()}
    Y_hat, cache = forward(p, X)
    losses = [mse_loss(Y_hat, Y)]
    for epoch in range(epochs):
        grads = backward(p, cache, Y)
        for k in p:
            p[k] = p[k] - lr * grads[k]
        Y_hat, cache = forward(p, X)
        losses.append(mse_loss(Y_hat, Y))
    return p, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    rng = np.random.default_rng(0)
    params, losses = train(init_params(2, 4, 1, rng), X, Y, 5.0, 2000)
    print(predict(params, X).ravel(), losses[-1])
