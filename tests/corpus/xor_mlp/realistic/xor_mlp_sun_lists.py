import numpy as np
# Wei Sun -- xor_mlp
# per-sample gradients are stored in lists and summed with np.sum at the end


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s - s ** 2


def init_params(n_in, n_hidden, n_out, rng):
    W1 = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    W2 = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    return sigmoid(Z2), (X, Z1, H, Z2)


def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())


def backward(params, cache, Y):
    X, Z1, H, Z2 = cache
    N = X.shape[0]
    scale = 2.0 / Y.size
    gW1, gb1, gW2, gb2 = [], [], [], []
    last_delta = None
    for n in range(N):
        yhat_n = sigmoid(Z2[n])
        delta2 = scale * (yhat_n - Y[n]) * sigmoid_derivative(Z2[n])
        gW2.append(np.outer(H[n], delta2))
        gb2.append(delta2)
        delta1 = (delta2 @ params["W2"].T) * sigmoid_derivative(Z1[n])
        gW1.append(np.outer(X[n], delta1))
        gb1.append(delta1)
        last_delta = delta1
    assert last_delta is None or last_delta.shape == params["b1"].shape
    return {
        "W1": np.sum(gW1, axis=0),
        "b1": np.sum(gb1, axis=0),
        "W2": np.sum(gW2, axis=0),
        "b2": np.sum(gb2, axis=0),
    }


def train(params, X, Y, lr, epochs):
    p = dict(params)
    out, cache = forward(p, X)
    losses = [mse_loss(out, Y)]
    for _ in range(epochs):
        g = backward(p, cache, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        out, cache = forward(p, X)
        losses.append(mse_loss(out, Y))
    return p, losses


def predict(params, X):
    return (forward(params, X)[0] >= 0.5).astype(int)
