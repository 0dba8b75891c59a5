import numpy as np
# I compute the output one sample (column) at a time to check my shapes.


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.standard_normal((hidden1_dim, input_dim)) * np.sqrt(1.0 / input_dim)
    W2 = rng.standard_normal((hidden2_dim, hidden1_dim)) * np.sqrt(1.0 / hidden1_dim)
    W3 = rng.standard_normal((output_dim, hidden2_dim)) * np.sqrt(1.0 / hidden2_dim)
    b1, b2, b3 = np.zeros((hidden1_dim, 1)), np.zeros((hidden2_dim, 1)), np.zeros((output_dim, 1))
    return [W1, b1, W2, b2, W3, b3]


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def squared_loss(predictions, targets):
    B = targets.shape[1]
    total = 0.0
    for b in range(B):
        total += 0.5 * np.sum((predictions[:, b] - targets[:, b]) ** 2)
    return float(total / B)


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / targets.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    hid_1 = sigmoid(W1 @ X + b1)
    hid_2 = sigmoid(W2 @ hid_1 + b2)
    B = X.shape[1]
    outputs = np.zeros((W3.shape[0], B))
    for j in range(B):
        outputs[:, j] = sigmoid(W3 @ hid_2[:, j] + b3[:, 0])
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters
    e3 = deriv_squared_loss(outputs, targets)
    e2 = W3.T @ e3 * hid_2 * (1 - hid_2)
    e1 = W2.T @ e2 * hid_1 * (1 - hid_1)
    return [e1 @ X.T, np.sum(e1, 1, keepdims=True), e2 @ hid_1.T, np.sum(e2, 1, keepdims=True),
            e3 @ hid_2.T, np.sum(e3, 1, keepdims=True)]


def train(parameters, X, Y, lr, epochs):
    ps = [np.copy(p) for p in parameters]
    losses = [squared_loss(predict(ps, X), Y)]
    for epoch in range(epochs):
        gs = backward(forward(ps, X), Y, ps)
        ps = [p - lr * g for p, g in zip(ps, gs)]
        losses.append(squared_loss(predict(ps, X), Y))
    return ps, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
