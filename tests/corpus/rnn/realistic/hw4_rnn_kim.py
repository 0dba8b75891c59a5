# Assignment 4: vanilla RNN trained with BPTT
# Kim J.
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params["Whh"].shape[0]
    hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t, :] = h
    logits = hs @ params["Why"] + params["by"]
    logits = logits - logits.max(axis=2, keepdims=True)
    P = np.exp(logits)
    P = P / P.sum(axis=2, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    p_true = P.reshape(-1, K)[np.arange(N * T), Y.ravel()]
    return float(-np.mean(np.log(np.clip(p_true, 1e-12, None))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    H = hs.shape[2]

    dWxh = np.zeros_like(params["Wxh"], dtype=float)
    dWhh = np.zeros_like(params["Whh"], dtype=float)
    dbh = np.zeros(H)
    dWhy = np.zeros_like(params["Why"], dtype=float)
    dby = np.zeros(K)

    dh_next = np.zeros((N, H))
    for t in reversed(range(T)):
        dz = P[:, t, :].copy()
        dz[np.arange(N), Y[:, t]] -= 1.0
        dz /= N * T

        dWhy += hs[:, t, :].T @ dz
        dby += dz.sum(axis=0)

        dh = dz @ params["Why"].T + dh_next
        da = dh * (1.0 - hs[:, t, :] ** 2)
        h_prev = hs[:, t - 1, :] if t > 0 else h0

        dWxh += X[:, t, :].T @ da
        dWhh += h_prev.T @ da
        dbh += da.sum(axis=0)

        dh_next = da @ params["Whh"].T

    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    if norm == 0:
        return {k: g.copy() for k, g in grads.items()}
    scale = min(1.0, max_norm / norm)
    return {k: g * scale for k, g in grads.items()}


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


if __name__ == "__main__":
    # quick sanity check against finite differences
    rng = np.random.default_rng(1)
    X = rng.standard_normal((3, 4, 2))
    Y = rng.integers(0, 3, (3, 4))
    h0 = rng.standard_normal((3, 5)) * 0.1
    p = init_params(2, 5, 3, rng)
    g = rnn_backward(p, rnn_forward(p, X, h0)[1], Y)
    eps = 1e-6
    q = {k: v.copy() for k, v in p.items()}
    q["Whh"][1, 2] += eps
    lp = rnn_loss(rnn_forward(q, X, h0)[0], Y)
    q["Whh"][1, 2] -= 2 * eps
    lm = rnn_loss(rnn_forward(q, X, h0)[0], Y)
    print("numeric", (lp - lm) / (2 * eps), "analytic", g["Whh"][1, 2])
