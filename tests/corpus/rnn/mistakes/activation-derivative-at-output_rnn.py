import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    params = {}
    params['Wxh'] = rng.standard_normal((n_in, n_hidden)) * np.sqrt(1. / n_in)
    params['Whh'] = rng.standard_normal((n_hidden, n_hidden)) * np.sqrt(1. / n_hidden)
    params['bh'] = np.zeros(n_hidden)
    params['Why'] = rng.standard_normal((n_hidden, n_out)) * np.sqrt(1. / n_hidden)
    params['by'] = np.zeros(n_out)
    return params


def softmax_vec(z):
    z = z - np.max(z)
    e = np.exp(z)
    return e / np.sum(e)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params['Whh'].shape[0]
    K = params['Why'].shape[1]
    hidden = np.zeros((N, T, H))
    P = np.zeros((N, T, K))
    for n in range(N):
        h = h0[n]
        for t in range(T):
            h = np.tanh(X[n, t] @ params['Wxh'] + h @ params['Whh'] + params['bh'])
            hidden[n, t] = h
            P[n, t] = softmax_vec(h @ params['Why'] + params['by'])
    cache = {'X': X, 'h0': h0, 'hidden': hidden, 'P': P}
    return P, cache


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for n in range(N):
        for t in range(T):
            total += -np.log(max(P[n, t, Y[n, t]], 1e-12))
    return total / (N * T)


def rnn_backward(params, cache, Y):
    X, h0, hidden, P = cache['X'], cache['h0'], cache['hidden'], cache['P']
    N, T, D = X.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    for n in range(N):
        dh_next = np.zeros(hidden.shape[2])
        for t in reversed(range(T)):
            h = hidden[n, t]
            h_prev = hidden[n, t - 1] if t > 0 else h0[n]
            dy = P[n, t].copy()
            dy[Y[n, t]] -= 1.0
            dy /= (N * T)
            grads['Why'] += np.outer(h, dy)
            grads['by'] += dy
            dh = params['Why'] @ dy + dh_next
            da = dh * (1 - np.tanh(h) ** 2)
            grads['Wxh'] += np.outer(X[n, t], da)
            grads['Whh'] += np.outer(h_prev, da)
            grads['bh'] += da
            dh_next = params['Whh'] @ da
    return grads


def clip_gradients(grads, max_norm):
    sq = 0.0
    for g in grads.values():
        sq += np.sum(g * g)
    norm = np.sqrt(sq)
    factor = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * factor for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
