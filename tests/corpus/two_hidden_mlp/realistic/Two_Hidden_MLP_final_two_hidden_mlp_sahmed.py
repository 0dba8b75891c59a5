"""
Exercise 4 -- MLP with two hidden layers (float32 version)
Sara Ahmed

All arrays are float32.
"""
import numpy as np

DT = np.float32


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    parameters = []
    for l in range(1, 4):
        W = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        parameters.append(W.astype(DT))
        parameters.append(np.zeros((dims[l], 1), dtype=DT))
    return parameters


def sigmoid(x):
    x = np.asarray(x, dtype=DT)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, DT(1) / (DT(1) + e), e / (DT(1) + e)).astype(DT)


def sigmoid_grad(x):
    """derivative of the sigmoid at x"""
    s = sigmoid(x)
    return s * (DT(1) - s)


def squared_loss(predictions, targets):
    diff = np.asarray(predictions, DT) - np.asarray(targets, DT)
    return float(DT(0.5) * np.sum(diff * diff) / DT(diff.shape[1]))


def deriv_squared_loss(predictions, targets):
    diff = np.asarray(predictions, DT) - np.asarray(targets, DT)
    return diff / DT(diff.shape[1])


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = [np.asarray(p, DT) for p in parameters]
    X = np.asarray(X, DT)
    hid_1 = sigmoid(W1 @ X + b1)
    hid_2 = sigmoid(W2 @ hid_1 + b2)
    outputs = W3 @ hid_2 + b3
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = [np.asarray(p, DT) for p in parameters]

    # output layer (linear)
    delta3 = deriv_squared_loss(outputs, targets)
    dW3 = delta3 @ hid_2.T
    db3 = delta3.sum(axis=1, keepdims=True)

    # second hidden layer
    z2 = W2 @ hid_1 + b2
    delta2 = (W3.T @ delta3) * sigmoid_grad(z2)
    dW2 = delta2 @ hid_1.T
    db2 = delta2.sum(axis=1, keepdims=True)

    # first hidden layer
    delta1 = (W2.T @ delta2) * sigmoid_grad(hid_1)
    dW1 = delta1 @ X.T
    db1 = delta1.sum(axis=1, keepdims=True)

    # print([g.shape for g in (dW1, db1, dW2, db2, dW3, db3)])
    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    parameters = [np.array(p, dtype=DT) for p in parameters]
    lr = DT(lr)
    losses = [squared_loss(forward(parameters, X)[-1], Y)]
    for epoch in range(epochs):
        grads = backward(forward(parameters, X), Y, parameters)
        parameters = [p - lr * g for p, g in zip(parameters, grads)]
        losses.append(squared_loss(forward(parameters, X)[-1], Y))
        # if epoch % 100 == 0: print(epoch, losses[-1])
    return parameters, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
