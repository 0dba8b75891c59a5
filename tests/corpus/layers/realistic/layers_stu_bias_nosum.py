import numpy as np

# ======================== layers =========================

def affine_forward(x, w, b):
    out = np.dot(x, w) + b
    cache = (x, w, b)
    return out, cache

def affine_backward(dout, cache):
    x, w, b = cache
    dx = np.dot(dout, w.T)
    dw = np.dot(x.T, dout)
    db = dout
    return dx, dw, db

def relu_forward(x):
    out = np.maximum(0, x)
    return out, x

def relu_backward(dout, cache):
    x = cache
    dx = np.where(x > 0, dout, 0.0)
    return dx

def sigmoid_forward(x):
    out = np.empty_like(x, dtype=float)
    p = x >= 0
    out[p] = 1 / (1 + np.exp(-x[p]))
    e = np.exp(x[~p])
    out[~p] = e / (1 + e)
    return out, out

def sigmoid_backward(dout, cache):
    out = cache
    return dout * (out * (1 - out))

# ======================== losses =========================

def softmax_loss(x, y):
    N = x.shape[0]
    shifted = x - np.max(x, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    probs = np.exp(log_probs)
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return float(loss), dx

def mse_loss(pred, target):
    d = pred - target
    return float(np.mean(d * d)), 2.0 * d / d.size

# ======================== network ========================

class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in ("relu", "sigmoid"):
            raise ValueError(activation)
        self.activation = activation
        self.params = {
            "W1": rng.standard_normal((input_dim, hidden1)) / np.sqrt(input_dim),
            "b1": np.zeros(hidden1),
            "W2": rng.standard_normal((hidden1, hidden2)) / np.sqrt(hidden1),
            "b2": np.zeros(hidden2),
            "W3": rng.standard_normal((hidden2, output_dim)) / np.sqrt(hidden2),
            "b3": np.zeros(output_dim),
        }

    def loss(self, X, y=None):
        if self.activation == "relu":
            f, fb = relu_forward, relu_backward
        else:
            f, fb = sigmoid_forward, sigmoid_backward
        P = self.params
        a1, ca1 = affine_forward(X, P["W1"], P["b1"])
        h1, ch1 = f(a1)
        a2, ca2 = affine_forward(h1, P["W2"], P["b2"])
        h2, ch2 = f(a2)
        scores, ca3 = affine_forward(h2, P["W3"], P["b3"])
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        dh2, dW3, db3 = affine_backward(dscores, ca3)
        dh1, dW2, db2 = affine_backward(fb(dh2, ch2), ca2)
        _, dW1, db1 = affine_backward(fb(dh1, ch1), ca1)
        return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "W3": dW3, "b3": db3}
