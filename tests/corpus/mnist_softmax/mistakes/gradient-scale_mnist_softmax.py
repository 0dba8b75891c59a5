# Deep neural network for MNIST (week 4 style: caches list + L_model_forward / L_model_backward)
import numpy as np


def softmax(Z):
    t = np.exp(Z - Z.max(axis=1, keepdims=True))
    return t / t.sum(axis=1, keepdims=True)


def cross_entropy(P, y):
    m = y.shape[0]
    log_likelihood = -np.log(np.maximum(P[range(m), y], 1e-12))
    return np.sum(log_likelihood) / m


def one_hot(y, K):
    Y = np.zeros((y.size, K))
    Y[np.arange(y.size), y] = 1
    return Y


def init_params(layer_sizes, rng):
    parameters = {}
    L = len(layer_sizes)
    for l in range(1, L):
        parameters['W' + str(l)] = rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2 / layer_sizes[l - 1])
        parameters['b' + str(l)] = np.zeros((layer_sizes[l],))
    return parameters


def linear_activation_forward(A_prev, W, b, activation):
    Z = np.dot(A_prev, W) + b
    if activation == "relu":
        A = np.maximum(0, Z)
    else:
        A = softmax(Z)
    cache = (A_prev, W, b, Z)
    return A, cache


def forward(params, X):
    caches = []
    A = X
    L = len(params) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, params['W' + str(l)], params['b' + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, params['W' + str(L)], params['b' + str(L)], "softmax")
    caches.append(cache)
    return AL, (caches, AL)


def linear_backward(dZ, cache):
    A_prev, W, b, Z = cache
    dW = np.dot(A_prev.T, dZ)
    db = np.sum(dZ, axis=0)
    dA_prev = np.dot(dZ, W.T)
    return dA_prev, dW, db


def backward(params, cache, y):
    caches, AL = cache
    grads = {}
    L = len(caches)
    Y = one_hot(y, AL.shape[1])
    dZ = AL - Y
    dA_prev, grads["W" + str(L)], grads["b" + str(L)] = linear_backward(dZ, caches[L - 1])
    for l in reversed(range(1, L)):
        Z = caches[l - 1][3]
        dZ = dA_prev * (Z > 0)
        dA_prev, grads["W" + str(l)], grads["b" + str(l)] = linear_backward(dZ, caches[l - 1])
    return grads


def update_parameters(parameters, grads, learning_rate):
    return {k: parameters[k] - learning_rate * grads[k] for k in parameters}


def train(params, X, y, lr, epochs, batch_size, rng):
    costs = [cross_entropy(forward(params, X)[0], y)]
    m = X.shape[0]
    for i in range(epochs):
        permutation = rng.permutation(m)
        shuffled_X = X[permutation]
        shuffled_y = y[permutation]
        for k in range(0, m, batch_size):
            mini_X = shuffled_X[k:k + batch_size]
            mini_y = shuffled_y[k:k + batch_size]
            AL, cache = forward(params, mini_X)
            grads = backward(params, cache, mini_y)
            params = update_parameters(params, grads, lr)
        costs.append(cross_entropy(forward(params, X)[0], y))
    return params, costs


def predict(params, X):
    AL, _ = forward(params, X)
    return np.argmax(AL, axis=1)
