"""xor_mlp -- Lena Fischer. Layers as small classes; the graded functions wrap them."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(np.minimum(z, 0)) / (1.0 + np.exp(-np.abs(z)))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


class SigmoidLayer:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, A):
        self.A_in = A
        self.Z = A @ self.W + self.b
        return sigmoid(self.Z)

    def backward(self, dA):
        dZ = dA * sigmoid_derivative(self.Z)
        self.dW = self.A_in.T @ dZ
        self.db = dZ.sum(axis=0)
        return dZ @ self.W.T


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in), "b1": np.zeros(n_hidden),
            "W2": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden), "b2": np.zeros(n_out)}


def forward(params, X):
    layers = [SigmoidLayer(params["W1"], params["b1"]), SigmoidLayer(params["W2"], params["b2"])]
    A = X
    for layer in layers:
        A = layer.forward(A)
    return A, layers


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    layers = cache
    Y_hat = sigmoid(layers[-1].Z)
    grads = {}
    dA = 2.0 * (Y_hat - Y) / Y.size
    for idx in (2, 1):
        layer = layers[idx - 1]
        dA = layer.backward(dA)
        grads["W%d" % idx] = layer.dW
        grads["b%d" % idx] = layer.db
    return grads


def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
