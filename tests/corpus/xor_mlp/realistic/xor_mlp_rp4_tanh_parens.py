import numpy as np

# the logistic function written through tanh: sigmoid(z) = (1 + tanh(z / 2)) / 2,
# which never overflows (tanh saturates at +-1 on its own)


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def sigmoid_derivative(z):
    t = np.tanh(0.5 * np.asarray(z, dtype=float))
    s = 0.5 * t + 1.0
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.uniform(-1.0, 1.0, (n_in, n_hidden)) * np.sqrt(3.0 / n_in)
    W2 = rng.uniform(-1.0, 1.0, (n_hidden, n_out)) * np.sqrt(3.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    return sigmoid(Z2), {"X": X, "Z1": Z1, "H": H, "Z2": Z2}


def mse_loss(Y_hat, Y):
    return float(np.mean(np.square(Y_hat - Y)))


def backward(params, cache, Y):
    X, Z1, H, Z2 = cache["X"], cache["Z1"], cache["H"], cache["Z2"]
    Y_hat = sigmoid(Z2)
    delta2 = 2.0 * (Y_hat - Y) / Y.size * sigmoid_derivative(Z2)
    delta1 = (delta2 @ params["W2"].T) * sigmoid_derivative(Z1)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0),
            "W2": H.T @ delta2, "b2": delta2.sum(axis=0)}


def train(params, X, Y, lr, epochs):
    p = {k: v.astype(float) for k, v in params.items()}
    Y_hat, cache = forward(p, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        g = backward(p, cache, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        Y_hat, cache = forward(p, X)
        losses.append(mse_loss(Y_hat, Y))
    return p, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return np.where(Y_hat >= 0.5, 1, 0)
