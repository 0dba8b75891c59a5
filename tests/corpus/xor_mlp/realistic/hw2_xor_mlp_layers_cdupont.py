"""Assignment 2 -- XOR MLP, Camille Dupont.

I wrote a tiny layer library (Dense and Sigmoid objects with forward and
backward methods, like in PyTorch). Internally every activation is stored
with the samples as COLUMNS (shape (features, N)); the functions required
by the handout convert from and to its row layout.
"""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    neg = z < 0
    out[~neg] = 1.0 / (1.0 + np.exp(-z[~neg]))
    ez = np.exp(z[neg])
    out[neg] = ez / (1.0 + ez)
    return out


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


class Dense:
    """y = W x + b on columns; W is stored as (out, in)."""

    def __init__(self, W_out_in, b):
        self.W = W_out_in
        self.b = b.reshape(-1, 1)

    def forward(self, A):
        self.A_in = A
        return self.W @ A + self.b

    def backward(self, dZ):
        """returns (dA_in, dW, db); nothing is stored on the layer"""
        dW = dZ @ self.A_in.T                   # (out, in)
        db = dZ.sum(axis=1)                     # (out,)
        return self.W.T @ dZ, dW, db


class Sigmoid:
    def forward(self, Z):
        self.Z = Z
        return sigmoid(Z)

    def backward(self, dA):
        return dA * sigmoid_derivative(self.Z)


class Net:
    def __init__(self, params):
        self.l1 = Dense(params["W1"].T, params["b1"])
        self.a1 = Sigmoid()
        self.l2 = Dense(params["W2"].T, params["b2"])
        self.a2 = Sigmoid()

    def forward(self, X_cols):
        return self.a2.forward(self.l2.forward(self.a1.forward(self.l1.forward(X_cols))))

    def backward(self, dY_cols):
        d = self.a2.backward(dY_cols)
        d, dW2, db2 = self.l2.backward(d)
        d = self.a1.backward(d)
        _, dW1, db1 = self.l1.backward(d)
        return {"W1": dW1.T, "b1": db1, "W2": dW2.T, "b2": db2}


def init_params(n_in, n_hidden, n_out, rng):
    limit1 = np.sqrt(3.0 / n_in)          # uniform with variance 1/fan_in
    limit2 = np.sqrt(3.0 / n_hidden)
    return {
        "W1": rng.uniform(-limit1, limit1, size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.uniform(-limit2, limit2, size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    net = Net(params)
    Y_hat = net.forward(np.asarray(X, dtype=float).T).T
    return Y_hat, net          # the network object keeps what backward needs


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    net = cache
    Y_hat = sigmoid(net.a2.Z).T              # recompute the output from the stored Z2
    dY = 2.0 * (Y_hat - Y) / Y.size
    return net.backward(dY.T)


def train(params, X, Y, lr, epochs):
    current = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, net = forward(current, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(current, net, Y)
        current = {k: current[k] - lr * grads[k] for k in current}
        Y_hat, net = forward(current, X)
        losses.append(mse_loss(Y_hat, Y))
    return current, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
