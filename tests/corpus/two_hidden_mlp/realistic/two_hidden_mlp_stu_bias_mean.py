import numpy as np

def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    sizes = (input_dim, hidden1_dim, hidden2_dim, output_dim)
    out = []
    for k in range(3):
        limit = np.sqrt(6.0 / (sizes[k] + sizes[k + 1]))      # Xavier uniform
        out += [rng.uniform(-limit, limit, size=(sizes[k + 1], sizes[k])), np.zeros((sizes[k + 1], 1))]
    return out

def sigmoid(x):
    x = np.asarray(x, dtype=float)
    pos = 1.0 / (1.0 + np.exp(-np.maximum(x, 0)))
    neg = np.exp(np.minimum(x, 0)) / (1.0 + np.exp(np.minimum(x, 0)))
    return np.where(x >= 0, pos, neg)

def squared_loss(predictions, targets):
    return float(np.sum(np.square(predictions - targets)) / (2 * predictions.shape[1]))

def deriv_squared_loss(predictions, targets):
    B = predictions.shape[1]
    return (predictions - targets) / B

def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    A1 = sigmoid(np.dot(W1, X) + b1)
    A2 = sigmoid(np.dot(W2, A1) + b2)
    A3 = np.dot(W3, A2) + b3
    return [X, A1, A2, A3]

def layer_grads(delta, a_prev):
    dW = np.dot(delta, a_prev.T)
    db = np.mean(delta, axis=1, keepdims=True)
    return dW, db

def backward(activations, targets, parameters):
    A0, A1, A2, A3 = activations
    W1, b1, W2, b2, W3, b3 = parameters
    delta3 = deriv_squared_loss(A3, targets)
    delta2 = np.dot(W3.T, delta3) * A2 * (1 - A2)
    delta1 = np.dot(W2.T, delta2) * A1 * (1 - A1)
    dW1, db1 = layer_grads(delta1, A0)
    dW2, db2 = layer_grads(delta2, A1)
    dW3, db3 = layer_grads(delta3, A2)
    return [dW1, db1, dW2, db2, dW3, db3]

def train(parameters, X, Y, lr, epochs):
    params = [p.copy() for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for e in range(epochs):
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
        #print(e, losses[-1])
    return params, losses

def predict(parameters, X):
    return forward(parameters, X)[-1]
