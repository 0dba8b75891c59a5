import numpy as np

# XOR with one hidden layer
#   H     = sigmoid(X W1 + b1)
#   Y_hat = sigmoid(H W2 + b2)
#   L     = mean (Y_hat - Y)^2


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.uniform(-1.0, 1.0, size=(n_in, n_hidden))
    W2 = rng.uniform(-1.0, 1.0, size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, (X, Z1, H, Z2, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, Z1, H, Z2, Y_hat = cache
    dZ2 = 2 * (Y_hat - Y) / Y.size * Y_hat * (1 - Y_hat)     # (N, n_out)
    dW2 = H.T @ dZ2                                          # (n_hidden, n_out)
    db2 = dZ2[0]                                             # (n_out,)
    dZ1 = (dZ2 @ params["W2"].T) * H * (1 - H)               # (N, n_hidden)
    dW1 = X.T @ dZ1                                          # (n_in, n_hidden)
    db1 = dZ1[0]                                             # (n_hidden,)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    p = {k: v.astype(float) for k, v in params.items()}
    losses = [mse_loss(forward(p, X)[0], Y)]
    for _ in range(epochs):
        _, cache = forward(p, X)
        g = backward(p, cache, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        losses.append(mse_loss(forward(p, X)[0], Y))
    return p, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
