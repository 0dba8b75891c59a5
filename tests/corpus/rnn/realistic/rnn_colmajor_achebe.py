# Ngozi Achebe -- rnn.py
# I think in column vectors (like the textbook), so inside the functions every
# state is (H, N) and every input (D, N); I transpose at the boundaries.
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    U, W, V = params["Wxh"].T, params["Whh"].T, params["Why"].T   # (H,D), (H,H), (K,H)
    bh, by = params["bh"][:, None], params["by"][:, None]
    h = h0.T
    H_cols = [h]
    P_cols = []
    for t in range(T):
        h = np.tanh(U @ X[:, t, :].T + W @ h + bh)
        o = V @ h + by
        o = o - o.max(axis=0, keepdims=True)
        e = np.exp(o)
        H_cols.append(h)
        P_cols.append(e / e.sum(axis=0, keepdims=True))
    P = np.stack([p.T for p in P_cols], axis=1)
    return P, (X, H_cols, P_cols)


def rnn_loss(P, Y):
    N, T = Y.shape
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    return float(-np.log(np.maximum(P[n_idx, t_idx, Y], 1e-12)).mean())


def rnn_backward(params, cache, Y):
    X, H_cols, P_cols = cache
    N, T = Y.shape
    W, V = params["Whh"].T, params["Why"].T
    dU = np.zeros((W.shape[0], X.shape[2]))
    dW = np.zeros_like(W)
    dV = np.zeros_like(V)
    dbh = np.zeros((W.shape[0], 1))
    dby = np.zeros((V.shape[0], 1))
    carry = np.zeros_like(H_cols[0])
    t = T - 1
    while t >= 0:
        do = P_cols[t].copy()
        do[Y[:, t], np.arange(N)] -= 1.0
        do = do / (N * T)
        dV = dV + do @ H_cols[t + 1].T
        dby = dby + do.sum(axis=1, keepdims=True)
        dh = V.T @ do + carry
        da = (1.0 - H_cols[t + 1] * H_cols[t + 1]) * dh
        dU = dU + da @ X[:, t, :]
        dW = dW + da @ H_cols[t].T
        dbh = dbh + da.sum(axis=1, keepdims=True)
        carry = W.T @ da
        t -= 1
    return {"Wxh": dU.T, "Whh": dW.T, "bh": dbh[:, 0], "Why": dV.T, "by": dby[:, 0]}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(np.square(g)) for g in grads.values()))
    if norm > max_norm:
        return {k: g * (max_norm / norm) for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
