import numpy as np

# float32 to match what the GPU frameworks use
F = np.float32


def affine_forward(x, w, b):
    x, w, b = x.astype(F), w.astype(F), b.astype(F)
    return x @ w + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    dout = dout.astype(F)
    return dout @ w.T, x.T @ dout, dout.sum(0)


def relu_forward(x):
    x = x.astype(F)
    return np.maximum(x, F(0)), x


def relu_backward(dout, cache):
    x = cache
    return (dout * np.maximum(x, F(0))).astype(F)


def sigmoid_forward(x):
    x = x.astype(F)
    e = np.exp(-np.abs(x))
    s = np.where(x >= 0, F(1) / (F(1) + e), e / (F(1) + e)).astype(F)
    return s, s


def sigmoid_backward(dout, cache):
    s = cache
    return (dout * s * (F(1) - s)).astype(F)


def softmax_loss(x, y):
    x = x.astype(F)
    n = x.shape[0]
    z = x - x.max(1, keepdims=True)
    lse = np.log(np.exp(z).sum(1, keepdims=True))
    p = np.exp(z - lse)
    loss = -(z[np.arange(n), y] - lse[:, 0]).mean()
    d = p.copy()
    d[np.arange(n), y] -= F(1)
    return float(loss), d / F(n)


def mse_loss(pred, target):
    d = (pred - target).astype(F)
    return float((d ** 2).mean()), F(2) * d / F(d.size)


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation == "relu":
            self.f, self.b = relu_forward, relu_backward
        elif activation == "sigmoid":
            self.f, self.b = sigmoid_forward, sigmoid_backward
        else:
            raise ValueError(activation)
        sizes = (input_dim, hidden1, hidden2, output_dim)
        self.params = {}
        for i in range(3):
            self.params[f"W{i + 1}"] = (rng.standard_normal(sizes[i:i + 2]) / np.sqrt(sizes[i])).astype(F)
            self.params[f"b{i + 1}"] = np.zeros(sizes[i + 1], dtype=F)

    def loss(self, X, y=None):
        P = self.params
        o1, c1 = affine_forward(X, P["W1"], P["b1"]); a1, r1 = self.f(o1)
        o2, c2 = affine_forward(a1, P["W2"], P["b2"]); a2, r2 = self.f(o2)
        s, c3 = affine_forward(a2, P["W3"], P["b3"])
        if y is None:
            return s
        L, ds = softmax_loss(s, y)
        g = {}
        da2, g["W3"], g["b3"] = affine_backward(ds, c3)
        da1, g["W2"], g["b2"] = affine_backward(self.b(da2, r2), c2)
        _, g["W1"], g["b1"] = affine_backward(self.b(da1, r1), c1)
        return L, g
