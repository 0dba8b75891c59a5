import numpy as np

# ---------------------------------------------------------------- layers

def affine_forward(x, w, b):
    out = x.dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout.dot(w.T)
    dw = x.T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, x):
    dx = dout.copy()
    dx[x <= 0] = 0
    return dx


# ---------------------------------------------------------------- assignment API

def softmax(Z):
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=1, keepdims=True)


def cross_entropy(P, y):
    N = P.shape[0]
    return float(-np.sum(np.log(np.clip(P[np.arange(N), y], 1e-12, None))) / N)


def one_hot(y, K):
    return np.eye(K)[y]


def init_params(layer_sizes, rng):
    params = {}
    for i in range(1, len(layer_sizes)):
        params['W%d' % i] = rng.standard_normal((layer_sizes[i - 1], layer_sizes[i])) * np.sqrt(2.0 / layer_sizes[i - 1])
        params['b%d' % i] = np.zeros(layer_sizes[i])
    return params


def forward(params, X):
    num_layers = len(params) // 2
    caches = []
    out = X
    for i in range(1, num_layers):
        out, fc_cache = affine_forward(out, params['W%d' % i], params['b%d' % i])
        out, relu_cache = relu_forward(out)
        caches.append((fc_cache, relu_cache))
    scores, fc_cache = affine_forward(out, params['W%d' % num_layers], params['b%d' % num_layers])
    caches.append((fc_cache, None))
    probs = softmax(scores)
    return probs, (caches, probs)


def backward(params, cache, y):
    caches, probs = cache
    num_layers = len(params) // 2
    N = probs.shape[0]
    grads = {}
    # derivative of the loss with respect to the scores
    dscores = (one_hot(y, probs.shape[1]) - probs) / N
    fc_cache, _ = caches[-1]
    dout, grads['W%d' % num_layers], grads['b%d' % num_layers] = affine_backward(dscores, fc_cache)
    for i in range(num_layers - 1, 0, -1):
        fc_cache, relu_cache = caches[i - 1]
        dout = relu_backward(dout, relu_cache)
        dout, grads['W%d' % i], grads['b%d' % i] = affine_backward(dout, fc_cache)
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: v.copy() for k, v in params.items()}
    num_train = X.shape[0]
    loss_history = [cross_entropy(forward(params, X)[0], y)]
    for epoch in range(epochs):
        order = rng.permutation(num_train)
        for it in range(0, num_train, batch_size):
            batch = order[it:it + batch_size]
            probs, cache = forward(params, X[batch])
            grads = backward(params, cache, y[batch])
            for p in params:
                params[p] = params[p] - lr * grads[p]
        loss_history.append(cross_entropy(forward(params, X)[0], y))
    return params, loss_history


def predict(params, X):
    probs, _ = forward(params, X)
    return np.argmax(probs, axis=1)
