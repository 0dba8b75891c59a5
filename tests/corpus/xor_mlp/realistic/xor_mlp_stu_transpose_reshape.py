"""XOR MLP -- assignment 2 (Priya)"""
import numpy as np

def sigmoid(z):
    # clip so exp never overflows
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))

def sigmoid_derivative(z):
    return sigmoid(z) * (1.0 - sigmoid(z))

def init_params(n_in, n_hidden, n_out, rng):
    params = dict()
    params["W1"] = rng.standard_normal((n_in, n_hidden)) * np.sqrt(1.0 / n_in)
    params["b1"] = np.zeros(n_hidden)
    params["W2"] = rng.standard_normal((n_hidden, n_out)) * np.sqrt(1.0 / n_hidden)
    params["b2"] = np.zeros(n_out)
    return params

def forward(params, X):
    a1 = np.dot(X, params["W1"]) + params["b1"]
    h = sigmoid(a1)
    a2 = np.dot(h, params["W2"]) + params["b2"]
    out = sigmoid(a2)
    return out, (X, a1, h, a2, out)

def mse_loss(Y_hat, Y):
    return float(((Y_hat - Y) ** 2).mean())

def backward(params, cache, Y):
    X, a1, h, a2, out = cache
    N, K = Y.shape
    delta2 = (2.0 / (N * K)) * (out - Y) * sigmoid_derivative(a2)
    delta1 = np.dot(delta2, params["W2"].T) * sigmoid_derivative(a1)
    dW2 = np.dot(h.T, delta2)
    db2 = delta2.sum(axis=0)
    # had a shape error here, reshape fixes it
    dW1 = np.dot(delta1.T, X).reshape(params["W1"].shape)
    db1 = delta1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}

def train(params, X, Y, lr, epochs):
    W1, b1 = params["W1"].copy(), params["b1"].copy()
    W2, b2 = params["W2"].copy(), params["b2"].copy()
    cur = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    out, cache = forward(cur, X)
    losses = [mse_loss(out, Y)]
    for i in range(epochs):
        g = backward(cur, cache, Y)
        cur = {"W1": cur["W1"] - lr * g["W1"], "b1": cur["b1"] - lr * g["b1"],
               "W2": cur["W2"] - lr * g["W2"], "b2": cur["b2"] - lr * g["b2"]}
        out, cache = forward(cur, X)
        losses.append(mse_loss(out, Y))
    return cur, losses

def predict(params, X):
    out = forward(params, X)[0]
    return np.where(out >= 0.5, 1, 0)
