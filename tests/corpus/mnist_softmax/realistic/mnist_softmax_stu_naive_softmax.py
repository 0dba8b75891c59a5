import numpy as np

# -------- helpers --------

def softmax(Z):
    exps = np.exp(Z)
    return exps / np.sum(exps, axis=1, keepdims=True)

def cross_entropy(P, y):
    eps = 1e-12
    n = P.shape[0]
    log_likelihood = -np.log(np.maximum(P[np.arange(n), y], eps))
    return float(np.sum(log_likelihood) / n)

def one_hot(y, K):
    y = np.asarray(y, dtype=int)
    return np.identity(K)[y]

# -------- model --------

def init_params(layer_sizes, rng):
    weights = {}
    for k in range(len(layer_sizes) - 1):
        fan_in = layer_sizes[k]
        weights['W' + str(k + 1)] = rng.standard_normal((fan_in, layer_sizes[k + 1])) * np.sqrt(2.0 / fan_in)
        weights['b' + str(k + 1)] = np.zeros(layer_sizes[k + 1])
    return weights

def forward(params, X):
    num = len(params) // 2
    H = X
    hs = [X]
    for k in range(1, num):
        H = np.maximum(0, H @ params['W' + str(k)] + params['b' + str(k)])
        hs.append(H)
    logits = H @ params['W' + str(num)] + params['b' + str(num)]
    P = softmax(logits)
    return P, {'hs': hs, 'P': P}

def backward(params, cache, y):
    hs, P = cache['hs'], cache['P']
    num = len(params) // 2
    N = P.shape[0]
    g = {}
    d = P.copy()
    d[np.arange(N), y] -= 1
    d /= N
    for k in range(num, 0, -1):
        g['W' + str(k)] = hs[k - 1].T @ d
        g['b' + str(k)] = d.sum(axis=0)
        if k > 1:
            d = (d @ params['W' + str(k)].T) * (hs[k - 1] > 0)
    return g

def train(params, X, y, lr, epochs, batch_size, rng):
    p = dict((k, v.copy()) for k, v in params.items())
    N = X.shape[0]
    losses = [cross_entropy(forward(p, X)[0], y)]
    for ep in range(epochs):
        order = rng.permutation(N)
        for b0 in range(0, N, batch_size):
            idx = order[b0:b0 + batch_size]
            P, cache = forward(p, X[idx])
            grads = backward(p, cache, y[idx])
            p = {k: p[k] - lr * grads[k] for k in p}
        losses.append(cross_entropy(forward(p, X)[0], y))
    return p, losses

def predict(params, X):
    P, _ = forward(params, X)
    return np.argmax(P, 1)
