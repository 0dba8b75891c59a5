# HW2 XOR -- Marta Silva.  Backprop one sample at a time (outer products).
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.zeros_like(z)
    np.divide(1.0, 1.0 + np.exp(-z, where=z >= 0, out=np.zeros_like(z)), out=out, where=z >= 0)
    ez = np.exp(z, where=z < 0, out=np.zeros_like(z))
    np.divide(ez, 1.0 + ez, out=out, where=z < 0)
    return out


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            "b1": np.zeros(n_hidden),
            "W2": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, {"X": X, "Z1": Z1, "H": H, "Z2": Z2, "Y_hat": Y_hat}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, H, Z2, Y_hat = cache["X"], cache["H"], cache["Z2"], cache["Y_hat"]
    N, n_out = Y.shape
    gW1 = np.zeros(params["W1"].shape)
    gb1 = np.zeros(params["b1"].shape)
    gW2 = np.zeros(params["W2"].shape)
    gb2 = np.zeros(params["b2"].shape)
    for n in range(N):
        e = 2.0 * (Y_hat[n] - Y[n]) / (N * n_out)
        dz2 = e * sigmoid_derivative(Z2[n])
        gW2 += np.outer(H[n], dz2)
        gb2 += dz2
        dh = params["W2"] @ dz2
        dz1 = dh * sigmoid_derivative(H[n])
        gW1 += np.outer(X[n], dz1)
        gb1 += dz1
    return {"W1": gW1, "b1": gb1, "W2": gW2, "b2": gb2}


def train(params, X, Y, lr, epochs):
    p = {k: v.astype(float, copy=True) for k, v in params.items()}
    yh, c = forward(p, X)
    L = [mse_loss(yh, Y)]
    for _ in range(epochs):
        g = backward(p, c, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        yh, c = forward(p, X)
        L.append(mse_loss(yh, Y))
    return p, L


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
