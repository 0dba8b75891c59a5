import numpy as np

# Assignment 3 - two hidden layers
# Omar Haddad
# I keep a dict inside (easier to read than list indices) and convert at the edges.

NAMES = ["W1", "b1", "W2", "b2", "W3", "b3"]


def to_dict(parameters):
    return dict(zip(NAMES, parameters))


def to_list(d):
    return [d[k] for k in NAMES]


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    p = {}
    p["W1"] = rng.standard_normal((hidden1_dim, input_dim)) / np.sqrt(input_dim)
    p["b1"] = np.zeros((hidden1_dim, 1))
    p["W2"] = rng.standard_normal((hidden2_dim, hidden1_dim)) / np.sqrt(hidden1_dim)
    p["b2"] = np.zeros((hidden2_dim, 1))
    p["W3"] = rng.standard_normal((output_dim, hidden2_dim)) / np.sqrt(hidden2_dim)
    p["b3"] = np.zeros((output_dim, 1))
    return to_list(p)


def sigmoid(x):
    x = np.clip(np.asarray(x, dtype=float), -500, 500)
    return 1.0 / (1.0 + np.exp(-x))


def squared_loss(predictions, targets):
    diff = predictions - targets
    return float(np.sum(diff * diff) / (2 * diff.shape[1]))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    p = to_dict(parameters)
    hid_1 = sigmoid(p["W1"] @ X + p["b1"])
    hid_2 = p["W2"] @ hid_1 + p["b2"]
    outputs = p["W3"] @ hid_2 + p["b3"]
    # print("shapes", hid_1.shape, hid_2.shape, outputs.shape)
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    p = to_dict(parameters)
    X, hid_1, hid_2, outputs = activations
    g = {}
    delta3 = deriv_squared_loss(outputs, targets)
    g["W3"] = delta3 @ hid_2.T
    g["b3"] = delta3.sum(axis=1, keepdims=True)
    delta2 = (p["W3"].T @ delta3) * hid_2 * (1 - hid_2)
    g["W2"] = delta2 @ hid_1.T
    g["b2"] = delta2.sum(axis=1, keepdims=True)
    delta1 = (p["W2"].T @ delta2) * hid_1 * (1 - hid_1)
    g["W1"] = delta1 @ X.T
    g["b1"] = delta1.sum(axis=1, keepdims=True)
    return to_list(g)


def train(parameters, X, Y, lr, epochs):
    p = to_dict([np.array(a, dtype=float) for a in parameters])
    acts = forward(to_list(p), X)
    losses = [squared_loss(acts[-1], Y)]
    for ep in range(epochs):
        grads = to_dict(backward(acts, Y, to_list(p)))
        p = {k: p[k] - lr * grads[k] for k in NAMES}
        acts = forward(to_list(p), X)
        losses.append(squared_loss(acts[-1], Y))
    return to_list(p), losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
