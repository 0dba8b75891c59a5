import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden))
    Whh = rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_hidden))
    Why = rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out))
    return dict(Wxh=Wxh, Whh=Whh, bh=np.zeros(n_hidden), Why=Why, by=np.zeros(n_out))


def rnn_forward(params, X, h0):
    Wxh, Whh, bh, Why, by = (params[k] for k in ("Wxh", "Whh", "bh", "Why", "by"))
    N, T, _ = X.shape
    H = Whh.shape[0]
    hs = np.zeros((T + 1, N, H))       # hs[0] = h0, hs[t+1] = state after step t
    hs[0] = h0
    P = np.zeros((N, T, Why.shape[1]))
    for t in range(T):
        hs[t + 1] = np.tanh(X[:, t] @ Wxh + hs[t] @ Whh + bh)
        logits = hs[t + 1] @ Why + by
        logits -= logits.max(axis=1, keepdims=True)
        ex = np.exp(logits)
        P[:, t] = ex / ex.sum(axis=1, keepdims=True)
    return P, {"X": X, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for t in range(T):
        total -= np.log(np.clip(P[np.arange(N), t, Y[:, t]], 1e-12, None)).sum()
    return float(total / (N * T))


def rnn_backward(params, cache, Y):
    X, hs, P = cache["X"], cache["hs"], cache["P"]
    N, T, K = P.shape
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros_like(params["bh"])
    dWhy = np.zeros_like(params["Why"])
    dby = np.zeros_like(params["by"])
    dh_next = np.zeros_like(hs[0])
    for t in range(T - 1, 0, -1):
        dz = P[:, t].copy()
        dz[np.arange(N), Y[:, t]] -= 1.0
        dz /= (N * T)
        dWhy += hs[t + 1].T @ dz
        dby += dz.sum(0)
        dh = dz @ params["Why"].T + dh_next
        da = (1.0 - hs[t + 1] ** 2) * dh
        dWxh += X[:, t].T @ da
        dWhh += hs[t].T @ da
        dbh += da.sum(0)
        dh_next = da @ params["Whh"].T
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(np.square(v)) for v in grads.values()))
    factor = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: v * factor for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    p = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(p, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(p, cache, Y), max_norm)
        for k in p:
            p[k] = p[k] - lr * grads[k]
        P, cache = rnn_forward(p, X, h0)
        losses.append(rnn_loss(P, Y))
    return p, losses
