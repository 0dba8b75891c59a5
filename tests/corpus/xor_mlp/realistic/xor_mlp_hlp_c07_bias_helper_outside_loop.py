"""XOR MLP. Backward goes sample by sample for the weights (it helped me
check the shapes); bias gradients come from a column-sum helper."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def column_sums(M):
    """Sum over the rows (the batch axis) of a 2-D array."""
    return M.sum(axis=0)


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in)
    W2 = rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    H = sigmoid(X @ params["W1"] + params["b1"])
    out = sigmoid(H @ params["W2"] + params["b2"])
    return out, (X, H, out)


def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())


def backward(params, cache, Y):
    X, H, Y_hat = cache
    N = X.shape[0]
    delta2 = 2 * (Y_hat - Y) / Y.size * Y_hat * (1 - Y_hat)
    delta1 = (delta2 @ params["W2"].T) * H * (1 - H)
    gW1 = np.zeros_like(params["W1"])
    gW2 = np.zeros_like(params["W2"])
    for n in range(N):
        d1_row = delta1[n:n + 1]
        d2_row = delta2[n:n + 1]
        gW1 += X[n:n + 1].T @ d1_row
        gW2 += H[n:n + 1].T @ d2_row
    gb1 = column_sums(d1_row)
    gb2 = column_sums(d2_row)
    return {"W1": gW1, "b1": gb1, "W2": gW2, "b2": gb2}


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
