import numpy as np

def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)

def init_params(n_in, n_hidden, n_out, rng):
    return {'W1': rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in), 'b1': np.zeros(n_hidden), 'W2': rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden), 'b2': np.zeros(n_out)}

def identity(z):
    return z


def layer(A, W, b, act=sigmoid):
    return act(A @ W + b)


def forward(params, X):
    H = layer(X, params['W1'], params['b1'])
    Y_hat = layer(H, params['W2'], params['b2'], act=sigmoid)
    return (Y_hat, (X, H, Y_hat))

def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))

def backward(params, cache, Y):
    X, H, Y_hat = cache
    dY_hat = 2.0 * (Y_hat - Y) / Y.size
    dZ2 = dY_hat * (Y_hat * (1.0 - Y_hat))
    dH = dZ2 @ params['W2'].T
    dZ1 = dH * (H * (1.0 - H))
    return {'W1': X.T @ dZ1, 'b1': dZ1.sum(axis=0), 'W2': H.T @ dZ2, 'b2': dZ2.sum(axis=0)}

def train(params, X, Y, lr, epochs):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    Y_hat, cache = forward(params, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        grads = backward(params, cache, Y)
        params = {k: params[k] - lr * grads[k] for k in params}
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    return (params, losses)

def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
