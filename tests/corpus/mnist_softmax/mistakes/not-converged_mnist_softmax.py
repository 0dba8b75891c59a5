import numpy as np


def softmax(Z):
    exp_scores = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return exp_scores / np.sum(exp_scores, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    correct_logprobs = -np.log(np.maximum(P[range(N), y], 1e-12))
    return np.sum(correct_logprobs) / N


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    Y[range(len(y)), y] = 1
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for i in range(1, len(layer_sizes)):
        params['W' + str(i)] = rng.standard_normal((layer_sizes[i - 1], layer_sizes[i])) * np.sqrt(2.0 / layer_sizes[i - 1])
        params['b' + str(i)] = np.zeros(layer_sizes[i])
    return params


def forward(params, X):
    num_layers = len(params) // 2
    hidden = [X]
    scores = None
    for i in range(1, num_layers + 1):
        scores = np.dot(hidden[-1], params['W' + str(i)]) + params['b' + str(i)]
        if i < num_layers:
            hidden.append(np.maximum(0, scores))
    probs = softmax(scores)
    return probs, (hidden, probs)


def backward(params, cache, y):
    hidden, probs = cache
    num_layers = len(params) // 2
    N = probs.shape[0]
    dscores = probs.copy()
    dscores[range(N), y] -= 1
    dscores /= N
    grads = {}
    for i in range(num_layers, 0, -1):
        grads['W' + str(i)] = np.dot(hidden[i - 1].T, dscores)
        grads['b' + str(i)] = np.sum(dscores, axis=0)
        if i > 1:
            dhidden = np.dot(dscores, params['W' + str(i)].T)
            dhidden[hidden[i - 1] <= 0] = 0
            dscores = dhidden
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        perm = rng.permutation(N)
        batch_idx = perm[:batch_size]
        X_batch, y_batch = X[batch_idx], y[batch_idx]
        probs, cache = forward(params, X_batch)
        grads = backward(params, cache, y_batch)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    probs, _ = forward(params, X)
    return np.argmax(probs, axis=1)
