import numpy as np

# Student: ----------   Exercise: MLP with 2 hidden layers (sigmoid), linear output


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    W1 = rng.normal(size=(hidden1_dim, input_dim)) * (1 / np.sqrt(input_dim))
    b1 = np.zeros((hidden1_dim, 1))
    W2 = rng.normal(size=(hidden2_dim, hidden1_dim)) * (1 / np.sqrt(hidden1_dim))
    b2 = np.zeros((hidden2_dim, 1))
    W3 = rng.normal(size=(output_dim, hidden2_dim)) * (1 / np.sqrt(hidden2_dim))
    b3 = np.zeros((output_dim, 1))
    return [W1, b1, W2, b2, W3, b3]


def sigmoid(x):
    # clip so that np.exp does not overflow (exp(500) is still finite)
    x = np.clip(x, -500, 500)
    return 1 / (1 + np.exp(-x))


def squared_loss(predictions, targets):
    batch_size = targets.shape[1]
    loss = 0.5 * np.sum((predictions - targets) ** 2) / batch_size
    return float(loss)


def deriv_squared_loss(predictions, targets):
    batch_size = targets.shape[1]
    return (predictions - targets) / batch_size


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    z1 = W1.dot(X) + b1
    hid_1 = sigmoid(z1)
    z2 = W2.dot(hid_1) + b2
    hid_2 = sigmoid(z2)
    outputs = W3.dot(hid_2) + b3
    return [X, hid_1, hid_2, outputs]


def backward(activations, targets, parameters):
    X, hid_1, hid_2, outputs = activations
    W1, b1, W2, b2, W3, b3 = parameters

    delta_out = deriv_squared_loss(outputs, targets)
    dW3 = delta_out.dot(hid_2.T)
    db3 = delta_out

    delta_2 = W3.T.dot(delta_out) * (sigmoid(hid_2) * (1 - sigmoid(hid_2)))
    dW2 = delta_2.dot(hid_1.T)
    db2 = delta_2

    delta_1 = W2.T.dot(delta_2) * (sigmoid(hid_1) * (1 - sigmoid(hid_1)))
    dW1 = delta_1.dot(X.T)
    db1 = delta_1

    return [dW1, db1, dW2, db2, dW3, db3]


def train(parameters, X, Y, lr, epochs):
    import copy
    parameters = copy.deepcopy(parameters)
    losses = []
    losses.append(squared_loss(forward(parameters, X)[-1], Y))
    for i in range(epochs):
        activations = forward(parameters, X)
        gradients = backward(activations, Y, parameters)
        parameters = [parameters[j] - lr * gradients[j] for j in range(len(parameters))]
        losses.append(squared_loss(forward(parameters, X)[-1], Y))
    return parameters, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
