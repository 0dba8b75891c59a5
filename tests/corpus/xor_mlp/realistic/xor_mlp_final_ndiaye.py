import numpy as np

# Awa Ndiaye - xor_mlp.py
# Loop over the training examples, like the pseudo-code on slide 14.


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in)
    W2 = rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y_hat = sigmoid(Z2)
    return Y_hat, {"X": X, "Z1": Z1, "H": H, "Z2": Z2, "Y_hat": Y_hat}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, Z1, H, Z2, Y_hat = cache["X"], cache["Z1"], cache["H"], cache["Z2"], cache["Y_hat"]
    N, K = Y.shape
    dW1 = np.zeros_like(params["W1"])
    db1 = np.zeros_like(params["b1"])
    dW2 = np.zeros_like(params["W2"])
    db2 = np.zeros_like(params["b2"])
    for i in range(N):
        delta_out = 2 * (Y_hat[i] - Y[i]) / (N * K) * sigmoid_derivative(Z2[i])
        dW2 += np.outer(H[i], delta_out)
        db2 += delta_out
        delta_hid = params["W2"] @ delta_out * sigmoid_derivative(Z1[i])
        dW1 = np.outer(X[i], delta_hid)
        db1 += delta_hid
    grads = {}
    for name, g in zip(["W1", "b1", "W2", "b2"], [dW1, db1, dW2, db2]):
        grads[name] = g
    return grads


def train(params, X, Y, lr, epochs):
    cur = {k: v.copy() for k, v in params.items()}
    Y_hat, cache = forward(cur, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(cur, cache, Y)
        cur = {k: cur[k] - lr * grads[k] for k in cur}
        Y_hat, cache = forward(cur, X)
        losses.append(mse_loss(Y_hat, Y))
    return cur, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
