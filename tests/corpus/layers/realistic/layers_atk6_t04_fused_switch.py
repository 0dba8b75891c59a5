import numpy as np

# CS231n-style "sandwich": an affine layer with its ReLU fused in, for the nets of part 2
FUSE_RELU = True


def _dense(x, w, b, relu=False):
    out = x.reshape(x.shape[0], -1) @ w + b
    if relu or FUSE_RELU:
        out = np.maximum(out, 0.0)
    return out, (x, w, b)


def affine_forward(x, w, b):
    return _dense(x, w, b, relu=False)


def affine_backward(dout, cache):
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    return np.maximum(x, 0.0), x


def relu_backward(dout, cache):
    return dout * (cache > 0)


def sigmoid_forward(x):
    out = np.exp(-np.logaddexp(0.0, -x))
    return out, out


def sigmoid_backward(dout, cache):
    return dout * cache * (1.0 - cache)


def softmax_loss(x, y):
    shifted = x - np.max(x, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1.0
    dx /= N
    return float(loss), dx


def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff ** 2)), 2.0 * diff / diff.size


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation == "relu":
            self.act = (relu_forward, relu_backward)
        elif activation == "sigmoid":
            self.act = (sigmoid_forward, sigmoid_backward)
        else:
            raise ValueError("unknown activation " + repr(activation))
        self.activation = activation
        sizes = [input_dim, hidden1, hidden2, output_dim]
        self.params = {}
        for i in range(1, 4):
            self.params["W%d" % i] = rng.standard_normal((sizes[i - 1], sizes[i])) / np.sqrt(sizes[i - 1])
            self.params["b%d" % i] = np.zeros(sizes[i])

    def loss(self, X, y=None):
        fwd, bwd = self.act
        p = self.params
        z1, c1 = affine_forward(X, p["W1"], p["b1"])
        a1, c2 = fwd(z1)
        z2, c3 = affine_forward(a1, p["W2"], p["b2"])
        a2, c4 = fwd(z2)
        scores, c5 = affine_forward(a2, p["W3"], p["b3"])
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        grads = {}
        da2, grads["W3"], grads["b3"] = affine_backward(dscores, c5)
        da1, grads["W2"], grads["b2"] = affine_backward(bwd(da2, c4), c3)
        _, grads["W1"], grads["b1"] = affine_backward(bwd(da1, c2), c1)
        return loss, grads
