"""Two-hidden-layer MLP with a small Layer / Network class.

The graded functions at the bottom are thin wrappers: they build a Network
out of the parameter list, run it, and hand back plain lists again.
"""
import numpy as np


class Layer:
    """Dense layer y = act(W x + b), weights (out, in), samples are columns."""

    def __init__(self, W, b, activation="sigmoid"):
        self.W = W
        self.b = b
        self.activation = activation
        self.inp = None
        self.out = None

    def forward(self, inp):
        self.inp = inp
        z = self.W @ inp + self.b
        self.out = sigmoid(z) if self.activation == "sigmoid" else z
        return self.out

    def backward(self, grad_out):
        """grad_out = dL/d(output of this layer); returns dL/d(input) and stores dW, db."""
        if self.activation == "sigmoid":
            grad_z = grad_out * self.out * (1.0 - self.out)
        else:
            grad_z = grad_out
        self.dW = grad_z @ self.inp.T
        self.db = np.sum(grad_z, axis=1, keepdims=True)
        return self.W.T @ grad_z


class Network:
    def __init__(self, parameters):
        W1, b1, W2, b2, W3, b3 = parameters
        self.layers = [Layer(W1, b1), Layer(W2, b2), Layer(W3, b3, activation="linear")]

    @classmethod
    def from_activations(cls, parameters, activations):
        """Rebuild the layer state from a forward pass that was already done."""
        net = cls(parameters)
        for layer, inp, out in zip(net.layers, activations[:-1], activations[1:]):
            layer.inp, layer.out = inp, out
        return net

    def forward(self, X):
        acts = [X]
        for layer in self.layers:
            acts.append(layer.forward(acts[-1]))
        return acts

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return [g for layer in self.layers for g in (layer.dW, layer.db)]


# ---------------------------------------------------------------- handout functions

def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for i in range(3):
        params.append(rng.normal(size=(dims[i + 1], dims[i])) * np.sqrt(1.0 / dims[i]))
        params.append(np.zeros((dims[i + 1], 1)))
    return params


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))


def squared_loss(predictions, targets):
    return float(np.mean(0.5 * np.sum((predictions - targets) ** 2, axis=0)))


def deriv_squared_loss(predictions, targets):
    batch_size = predictions.shape[1]
    return (predictions - targets) / batch_size


def forward(parameters, X):
    return Network(parameters).forward(X)


def backward(activations, targets, parameters):
    net = Network.from_activations(parameters, activations)
    return net.backward(deriv_squared_loss(activations[-1], targets))


def train(parameters, X, Y, lr, epochs):
    params = [np.copy(p) for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
