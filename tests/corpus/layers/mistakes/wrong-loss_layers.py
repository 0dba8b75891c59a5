"""A small Layer hierarchy; the required functions at the bottom wrap it.

Each forward returns the layer object itself as the cache. Layer objects are
immutable after forward: backward only reads what forward stored.
"""
import numpy as np


class Layer:
    def forward(self, *inputs):
        raise NotImplementedError

    def backward(self, dout):
        raise NotImplementedError


class Affine(Layer):
    def forward(self, x, w, b):
        self.x, self.w = x, w
        return x @ w + b

    def backward(self, dout):
        return dout @ self.w.T, self.x.T @ dout, dout.sum(axis=0)


class ElementwiseLayer(Layer):
    def local_grad(self):
        raise NotImplementedError

    def backward(self, dout):
        return dout * self.local_grad()


class ReLU(ElementwiseLayer):
    def forward(self, x):
        self.x = x
        return np.maximum(x, 0.0)

    def local_grad(self):
        return (self.x > 0).astype(float)


class Sigmoid(ElementwiseLayer):
    def forward(self, x):
        self.s = np.where(x >= 0, 1.0 / (1.0 + np.exp(-np.abs(x))),
                          np.exp(-np.abs(x)) / (1.0 + np.exp(-np.abs(x))))
        return self.s

    def local_grad(self):
        return self.s * (1.0 - self.s)


class SoftmaxCrossEntropy:
    def __call__(self, scores, y):
        n = scores.shape[0]
        z = scores - scores.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -logp[np.arange(n), y].sum()
        grad = np.exp(logp)
        grad[np.arange(n), y] -= 1.0
        return float(loss), grad / n


ACTIVATIONS = {"relu": ReLU, "sigmoid": Sigmoid}


# ------------------------------------------------------------ required API

def affine_forward(x, w, b):
    layer = Affine()
    return layer.forward(x, w, b), layer


def affine_backward(dout, cache):
    return cache.backward(dout)


def relu_forward(x):
    layer = ReLU()
    return layer.forward(x), layer


def relu_backward(dout, cache):
    return cache.backward(dout)


def sigmoid_forward(x):
    layer = Sigmoid()
    return layer.forward(x), layer


def sigmoid_backward(dout, cache):
    return cache.backward(dout)


def softmax_loss(x, y):
    return SoftmaxCrossEntropy()(x, y)


def mse_loss(pred, target):
    d = pred - target
    return float(np.mean(np.square(d))), 2.0 * d / np.prod(d.shape)


class TwoHiddenNet:
    def __init__(self, input_dim, hidden1, hidden2, output_dim, rng, activation="sigmoid"):
        if activation not in ACTIVATIONS:
            raise ValueError("activation: 'sigmoid' or 'relu'")
        self.activation = ACTIVATIONS[activation]
        self.params = {}
        sizes = (input_dim, hidden1, hidden2, output_dim)
        for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
            self.params[f"W{i + 1}"] = rng.standard_normal((a, b)) / np.sqrt(a)
            self.params[f"b{i + 1}"] = np.zeros(b)

    def loss(self, X, y=None):
        stack = []
        h = X
        for i in (1, 2, 3):
            fc = Affine()
            h = fc.forward(h, self.params[f"W{i}"], self.params[f"b{i}"])
            stack.append((i, fc))
            if i < 3:
                act = self.activation()
                h = act.forward(h)
                stack.append((None, act))
        if y is None:
            return h
        loss, d = SoftmaxCrossEntropy()(h, y)
        grads = {}
        for i, layer in reversed(stack):
            if i is None:
                d = layer.backward(d)
            else:
                d, grads[f"W{i}"], grads[f"b{i}"] = layer.backward(d)
        return loss, grads
