import numpy as np

# I find it easier to think of hidden states as column vectors (like in the
# lecture slides: h_t = tanh(Wxh^T x_t + Whh^T h_{t-1} + b)), so internally
# everything is (features, batch) and I transpose back at the end.


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return dict(Wxh=Wxh, Whh=Whh, bh=np.zeros(n_hidden), Why=Why, by=np.zeros(n_out))


def _softmax_cols(z):
    # z: (K, N), softmax down each column
    z = z - z.max(axis=0, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=0, keepdims=True)


def rnn_forward(params, X, h0):
    Wxh, Whh, bh, Why, by = (params[k] for k in ("Wxh", "Whh", "bh", "Why", "by"))
    N, T, D = X.shape
    h = h0.T                                   # (H, N)
    hcols, pcols = [], []
    for t in range(T):
        x = X[:, t, :].T                       # (D, N)
        h = np.tanh(Wxh.T @ x + Whh.T @ h + bh[:, None])
        y = _softmax_cols(Why.T @ h + by[:, None])   # (K, N)
        hcols.append(h)
        pcols.append(y)
    P = np.stack([p.T for p in pcols], axis=1)       # (N, T, K)
    cache = (X, h0, hcols, P)
    return P, cache


def rnn_loss(P, Y):
    N, T, K = P.shape
    flatP = P.reshape(N * T, K)
    p = flatP[np.arange(N * T), Y.reshape(-1)]
    return float(np.mean(-np.log(np.maximum(p, 1e-12))))


def rnn_backward(params, cache, Y):
    Whh, Why = params["Whh"], params["Why"]
    X, h0, hcols, P = cache
    N, T, K = P.shape
    H = Whh.shape[0]

    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(Whh)
    dbh = np.zeros(H)
    dWhy = np.zeros_like(Why)
    dby = np.zeros(K)

    dh_next = np.zeros((H, N))
    for t in reversed(range(T)):
        h = hcols[t]                                   # (H, N)
        h_prev = hcols[t - 1] if t > 0 else h0.T
        dy = P[:, t, :].T.copy()                       # (K, N)
        dy[Y[:, t], np.arange(N)] -= 1.0
        dy /= N * T
        dWhy += h @ dy.T
        dby += dy.sum(axis=1)
        dh = Why @ dy + dh_next                        # (H, N)
        da = dh * (1 - np.tanh(h) ** 2)                # tanh'
        dWxh += X[:, t, :].T @ da.T
        dWhh += h_prev @ da.T
        dbh += da.sum(axis=1)
        dh_next = Whh @ da

    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(np.square(g)) for g in grads.values()))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: v * scale for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    p = {k: v.astype(float).copy() for k, v in params.items()}
    P, cache = rnn_forward(p, X, h0)
    losses = [rnn_loss(P, Y)]
    for ep in range(epochs):
        g = clip_gradients(rnn_backward(p, cache, Y), max_norm)
        p = {k: p[k] - lr * g[k] for k in p}
        P, cache = rnn_forward(p, X, h0)
        losses.append(rnn_loss(P, Y))
    return p, losses
