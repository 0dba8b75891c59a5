import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    params = {}
    params["Wxh"] = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    params["Whh"] = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    params["bh"] = np.zeros(n_hidden)
    params["Why"] = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    params["by"] = np.zeros(n_out)
    return params


def rnn_forward(params, X, h0):
    Wxh, Whh, bh, Why, by = (params[k] for k in ("Wxh", "Whh", "bh", "Why", "by"))
    N, T, D = X.shape
    states = [h0]
    probs = []
    for t in range(T):
        h = np.tanh(X[:, t] @ Wxh + states[-1] @ Whh + bh)
        states.append(h)
        logits = h @ Why + by
        logits = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        probs.append(e / e.sum(axis=1, keepdims=True))
    P = np.stack(probs, axis=1)
    return P, (X, states, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for t in range(T):
        total -= np.sum(np.log(np.maximum(P[np.arange(N), t, Y[:, t]], 1e-12)))
    return float(total / (N * T))


def rnn_backward(params, cache, Y):
    X, states, P = cache
    Wxh, Whh, Why = params["Wxh"], params["Whh"], params["Why"]
    N, T, K = P.shape
    dWxh = np.zeros_like(Wxh)
    dWhh = np.zeros_like(Whh)
    dbh = np.zeros_like(params["bh"])
    dWhy = np.zeros_like(Why)
    dby = np.zeros_like(params["by"])
    dh_next = np.zeros_like(states[0])
    for t in reversed(range(T)):
        h, h_prev = states[t + 1], states[t]
        dy = P[:, t].copy()
        dy[np.arange(N), Y[:, t]] -= 1
        dy /= N * T
        dWhy += h.T @ dy
        dby += dy.sum(0)
        dtanh = 1 - h ** 2
        da = (dy @ Why.T) * dtanh + dh_next
        dWxh += X[:, t].T @ da
        dWhh += h_prev.T @ da
        dbh += da.sum(0)
        dh_next = da @ Whh.T
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum((g ** 2).sum() for g in grads.values()))
    scale = 1.0
    if norm > max_norm:
        scale = max_norm / norm
    return {name: g * scale for name, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.copy(v) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
