# CS 189 - Homework 3
# MNIST classifier: fully connected ReLU network with a softmax output
#
# I derived the backward pass one example at a time (like in lecture) so the
# backward function loops over the examples in the batch and adds up the
# gradients, then divides by the batch size at the end.

import numpy as np
import time


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    Z_shift = Z - np.max(Z, axis=1, keepdims=True)   # for numerical stability
    expZ = np.exp(Z_shift)
    return expZ / np.sum(expZ, axis=1, keepdims=True)


def cross_entropy(P, y):
    m = P.shape[0]
    total = 0.0
    for i in range(m):
        p = P[i, y[i]]
        if p < 1e-12:
            p = 1e-12
        total = total - np.log(p)
    return float(total / m)


def one_hot(y, K):
    Y = np.zeros((len(y), K))
    for i in range(len(y)):
        Y[i, y[i]] = 1.0
    return Y


def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in = layer_sizes[l - 1]
        n_out = layer_sizes[l]
        # He initialization because of the ReLUs
        params['W' + str(l)] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        params['b' + str(l)] = np.zeros(n_out)
    return params


def relu(z):
    return np.maximum(z, 0)


def forward(params, X):
    n_layers = len(params) // 2
    A = np.asarray(X, dtype=float)
    activations = [A]
    zs = []
    for l in range(1, n_layers + 1):
        Z = A.dot(params['W' + str(l)]) + params['b' + str(l)]
        zs.append(Z)
        if l == n_layers:
            A = softmax(Z)
        else:
            A = relu(Z)
        activations.append(A)
    cache = {'A': activations, 'Z': zs}
    return A, cache


def backward(params, cache, y):
    activations = cache['A']
    zs = cache['Z']
    n_layers = len(params) // 2
    m = activations[0].shape[0]
    K = activations[-1].shape[1]

    Ws = [np.matrix(params['W' + str(l)]) for l in range(1, n_layers + 1)]
    sum_dW = [np.matrix(np.zeros(W.shape)) for W in Ws]
    sum_db = [np.matrix(np.zeros((1, W.shape[1]))) for W in Ws]

    for i in range(m):
        # output layer: dL/dz = p - t for softmax + cross entropy
        t = np.matrix(np.zeros((1, K)))
        t[0, y[i]] = 1.0
        delta = np.matrix(activations[-1][i]) - t          # 1 x K
        for l in range(n_layers, 0, -1):
            a_prev = np.matrix(activations[l - 1][i])      # 1 x n_{l-1}
            sum_dW[l - 1] += a_prev.T * delta              # outer product
            sum_db[l - 1] += delta
            if l > 1:
                relu_grad = np.matrix((zs[l - 2][i] > 0).astype(float))
                delta = np.multiply(delta * Ws[l - 1].T, relu_grad)

    grads = {}
    for l in range(1, n_layers + 1):
        grads['W' + str(l)] = np.asarray(sum_dW[l - 1]) / m
        grads['b' + str(l)] = np.asarray(sum_db[l - 1]).ravel() / m
    return grads


def train(params, X, y, lr, epochs, batch_size, rng, verbose=False):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        t0 = time.time()
        order = rng.permutation(N)
        start = 0
        while start < N:
            batch = order[start:start + batch_size]
            P, cache = forward(params, X[batch])
            grads = backward(params, cache, y[batch])
            for k in params:
                params[k] = params[k] - lr * grads[k]
            start += batch_size
        losses.append(cross_entropy(forward(params, X)[0], y))
        if verbose:
            print("epoch %d  loss %.4f  (%.1fs)" % (epoch + 1, losses[-1], time.time() - t0))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, axis=1)


if __name__ == '__main__':
    data = np.load('mnist.npz')
    X_train = data['x_train'].reshape(-1, 784) / 255.0
    y_train = data['y_train']
    X_test = data['x_test'].reshape(-1, 784) / 255.0
    y_test = data['y_test']
    rng = np.random.default_rng(0)
    params = init_params([784, 64, 10], rng)
    params, losses = train(params, X_train[:5000], y_train[:5000], 0.1, 5, 32, rng, verbose=True)
    print("test accuracy:", np.mean(predict(params, X_test) == y_test))
