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
    return s * (1.0 - s)


class Layer:
    """A dense sigmoid layer that remembers what backward needs."""

    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        self.Z = x @ self.W + self.b
        self.A = sigmoid(self.Z)
        return self.A

    def backward(self, dA):
        out = self.A
        dZ = dA * out * (1.0 - out)
        return dZ @ self.W.T, self.x.T @ dZ, dZ.sum(axis=0)


class HiddenLayer(Layer):
    def backward(self, dA):
        out = self.Z
        dZ = dA * out * (1.0 - out)
        return dZ @ self.W.T, self.x.T @ dZ, dZ.sum(axis=0)


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_hidden)), "b1": np.zeros(n_hidden),
            "W2": rng.normal(0.0, 1.0 / np.sqrt(n_hidden), (n_hidden, n_out)), "b2": np.zeros(n_out)}


def forward(params, X):
    hidden = HiddenLayer(params["W1"], params["b1"])
    output = Layer(params["W2"], params["b2"])
    Y_hat = output.forward(hidden.forward(X))
    return Y_hat, (hidden, output)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    hidden, output = cache
    dY = 2.0 * (output.A - Y) / Y.size
    dH, dW2, db2 = output.backward(dY)
    _, dW1, db1 = hidden.backward(dH)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


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
    return (forward(params, X)[0] >= 0.5).astype(int)
