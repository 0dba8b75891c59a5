import numpy as np

# Lucia Garcia - Assignment 2 (XOR MLP)
# I split backprop into small helpers so train() can do the layer-by-layer
# updates directly.


def sigmoid(z):
    z = np.clip(z, -500, 500)
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "W1": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "b2": np.zeros(n_out),
    }


def _dense_forward(A_in, W, b):
    Z = A_in @ W + b
    return Z, sigmoid(Z)


def _output_delta(Y_hat, Y):
    return 2.0 * (Y_hat - Y) / Y.size * Y_hat * (1.0 - Y_hat)


def _hidden_delta(delta_next, W_next, A):
    return (delta_next @ W_next.T) * A * (1.0 - A)


def _param_grads(delta, A_in):
    dW = A_in.T @ delta
    db = delta.mean(axis=0)
    return dW, db


def forward(params, X):
    _, H = _dense_forward(X, params["W1"], params["b1"])
    _, Y_hat = _dense_forward(H, params["W2"], params["b2"])
    return Y_hat, (X, H, Y_hat)


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params, cache, Y):
    X, H, Y_hat = cache
    d2 = _output_delta(Y_hat, Y)
    d1 = _hidden_delta(d2, params["W2"], H)
    dW2, db2 = _param_grads(d2, H)
    dW1, db1 = _param_grads(d1, X)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    W1, b1 = params["W1"].copy(), params["b1"].copy()
    W2, b2 = params["W2"].copy(), params["b2"].copy()
    Y_hat, (_, H, _) = forward({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, X)
    losses = [mse_loss(Y_hat, Y)]
    for _ in range(epochs):
        # output layer first
        d2 = _output_delta(Y_hat, Y)
        dW2, db2 = _param_grads(d2, H)
        W2 = W2 - lr * dW2
        b2 = b2 - lr * db2
        # then the hidden layer
        d1 = _hidden_delta(d2, W2, H)
        dW1, db1 = _param_grads(d1, X)
        W1 = W1 - lr * dW1
        b1 = b1 - lr * db1
        Y_hat, (_, H, _) = forward({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, X)
        losses.append(mse_loss(Y_hat, Y))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
