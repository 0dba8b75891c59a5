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


class Dense:
    def __init__(self, W, b, activation):
        self.W, self.b, self.activation = W, b, activation

    def __call__(self, a):
        self.a_in = a
        self.out = self.activation(a @ self.W + self.b)
        return self.out


class Readout(Dense):
    """The output layer also remembers its last decision."""

    def __call__(self, a):
        out = super().__call__(a)
        self.decision = (out >= 0.5).astype(int)
        return out


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.standard_normal((n_in, n_hidden)) * (1.0 / np.sqrt(n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.standard_normal((n_hidden, n_out)) * (1.0 / np.sqrt(n_hidden)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    layers = [Dense(params["W1"], params["b1"], sigmoid), Readout(params["W2"], params["b2"], sigmoid)]
    a = X
    for layer in layers:
        a = layer(a)
    return a, layers


def mse_loss(Y_hat, Y):
    err = (Y_hat - Y).astype(np.float32)
    return float(np.mean(err * err))


def backward(params, cache, Y):
    hidden, readout = cache
    d = 2.0 * (readout.out - Y) / Y.size * readout.out * (1.0 - readout.out)
    grads = {"W2": readout.a_in.T @ d, "b2": d.sum(axis=0)}
    d = (d @ params["W2"].T) * hidden.out * (1.0 - hidden.out)
    grads["W1"] = hidden.a_in.T @ d
    grads["b1"] = d.sum(axis=0)
    return grads


def train(params, X, Y, lr, epochs):
    params = dict((k, np.array(v, dtype=float)) for k, v in params.items())
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return params, losses


def predict(params, X):
    _, layers = forward(params, X)
    return layers[-1].decision
