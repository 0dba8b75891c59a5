"""
Hana Kimura -- two hidden layer network (assignment 4)

I wrote small helpers for every piece so backward reads like the lecture slides.
"""
import numpy as np


def squash(z):
    """logistic, stable for big |z|"""
    z = np.asarray(z, dtype=float)
    t = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + t), t / (1.0 + t))


def squash_grad(z):
    """d/dz logistic(z) = s(z) (1 - s(z))"""
    s = squash(z)
    return s * (1.0 - s)


def pre_activation(W, a, b):
    return W @ a + b


def weight_grad(delta, a_prev):
    return delta @ a_prev.T


def bias_grad(delta):
    return np.sum(delta, axis=1, keepdims=True)


def back_through(W, delta):
    return W.T @ delta


def layer_sizes_to_shapes(sizes):
    return [(sizes[i + 1], sizes[i]) for i in range(len(sizes) - 1)]


# ------------------------------------------------------------------ assignment functions

def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    params = []
    for shape in layer_sizes_to_shapes([input_dim, hidden1_dim, hidden2_dim, output_dim]):
        fan_in = shape[1]
        params.append(rng.normal(0.0, 1.0, size=shape) / np.sqrt(fan_in))
        params.append(np.zeros((shape[0], 1)))
    return params


def sigmoid(x):
    return squash(x)


def squared_loss(predictions, targets):
    diff = predictions - targets
    per_sample = 0.5 * np.sum(diff * diff, axis=0)
    return float(np.mean(per_sample))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    h1 = squash(pre_activation(W1, X, b1))
    h2 = squash(pre_activation(W2, h1, b2))
    out = pre_activation(W3, h2, b3)
    return [X, h1, h2, out]


def backward(activations, targets, parameters):
    X, h1, h2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters

    # output layer (linear)
    delta3 = deriv_squared_loss(out, targets)

    # second hidden layer: recompute z2 from h1 since forward only returns activations
    z2 = pre_activation(W2, h1, b2)
    delta2 = back_through(W3, delta3) * squash_grad(z2)

    # first hidden layer
    delta1 = back_through(W2, delta2) * squash_grad(h1)

    return [weight_grad(delta1, X), bias_grad(delta1),
            weight_grad(delta2, h1), bias_grad(delta2),
            weight_grad(delta3, h2), bias_grad(delta3)]


def train(parameters, X, Y, lr, epochs):
    current = [np.copy(p) for p in parameters]
    history = [squared_loss(predict(current, X), Y)]
    for _ in range(epochs):
        grads = backward(forward(current, X), Y, current)
        current = [p - lr * g for p, g in zip(current, grads)]
        history.append(squared_loss(predict(current, X), Y))
    return current, history


def predict(parameters, X):
    return forward(parameters, X)[-1]
