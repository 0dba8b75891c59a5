import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal(size=(n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.standard_normal(size=(n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.standard_normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden)
    bh = np.zeros(shape=(n_hidden,))
    by = np.zeros(shape=(n_out,))
    return {"Wxh": Wxh, "Whh": Whh, "bh": bh, "Why": Why, "by": by}


def rnn_forward(params, X, h0):
    N, T, D = np.shape(X)
    H = np.shape(params["Whh"])[0]
    hidden = np.zeros((N, T, H))
    prev = h0
    for t in range(T):
        pre = np.matmul(X[:, t, :], params["Wxh"]) + np.matmul(prev, params["Whh"]) + params["bh"]
        prev = np.tanh(pre)
        hidden[:, t, :] = prev
    scores = np.matmul(hidden, params["Why"]) + params["by"]
    scores = scores - np.amax(scores, axis=2, keepdims=True)
    exps = np.exp(scores)
    P = exps / np.sum(exps, axis=2, keepdims=True)
    return P, (X, h0, hidden, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    correct = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(np.mean(-np.log(np.clip(correct, 1e-12, 1.0))))


def rnn_backward(params, cache, Y):
    X, h0, hidden, P = cache
    N, T, K = P.shape
    Whh_T = np.transpose(params["Whh"])
    Why_T = np.transpose(params["Why"])
    dscores = np.array(P, copy=True)
    dscores[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1.0
    dscores = dscores / (N * T)
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros_like(params["bh"])
    dWhy = np.zeros_like(params["Why"])
    dby = np.zeros_like(params["by"])
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_t = hidden[:, t, :]
        h_before = hidden[:, t - 1, :] if t > 0 else h0
        dWhy = dWhy + np.matmul(h_t.T, dscores[:, t, :])
        dby = dby + np.sum(dscores[:, t, :], axis=0)
        d_pre = np.matmul(dscores[:, t, :], Why_T) * (1 - h_t ** 2) + dh_next
        dWxh = dWxh + np.matmul(X[:, t, :].T, d_pre)
        dWhh = dWhh + np.matmul(h_before.T, d_pre)
        dbh = dbh + np.sum(d_pre, axis=0)
        dh_next = np.matmul(d_pre, Whh_T)
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    global_norm = np.sqrt(np.sum([np.sum(np.square(g)) for g in grads.values()]))
    if global_norm > max_norm:
        return {k: g * (max_norm / global_norm) for k, g in grads.items()}
    return {k: np.copy(g) for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = rnn_backward(params, cache, Y)
        grads = clip_gradients(grads, max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
