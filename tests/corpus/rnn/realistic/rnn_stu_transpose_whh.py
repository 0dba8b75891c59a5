# RNN homework -- time-major internally (T, N, ...) because it made indexing easier for me
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    def w(a, b):
        return rng.standard_normal((a, b)) * (1.0 / np.sqrt(a))
    return {"Wxh": w(n_in, n_hidden), "Whh": w(n_hidden, n_hidden), "bh": np.zeros(n_hidden),
            "Why": w(n_hidden, n_out), "by": np.zeros(n_out)}


def softmax(logits):
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    Xt = np.transpose(X, (1, 0, 2))          # (T, N, D)
    T = Xt.shape[0]
    h = [None] * (T + 1)
    h[0] = h0
    for t in range(1, T + 1):
        h[t] = np.tanh(Xt[t - 1] @ params["Wxh"] + h[t - 1] @ params["Whh"] + params["bh"])
    H = np.stack(h[1:])                        # (T, N, H)
    P = softmax(H @ params["Why"] + params["by"])
    return np.transpose(P, (1, 0, 2)), (Xt, h, P)


def rnn_loss(P, Y):
    N, T, _ = P.shape
    idx_n, idx_t = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    return float(np.mean(-np.log(np.maximum(P[idx_n, idx_t, Y], 1e-12))))


def rnn_backward(params, cache, Y):
    Xt, h, P = cache                          # P is (T, N, K)
    T, N, K = P.shape
    Yt = Y.T
    g = {k: np.zeros_like(v) for k, v in params.items()}
    carry = np.zeros_like(h[0])
    for t in range(T, 0, -1):
        dlogit = P[t - 1].copy()
        dlogit[np.arange(N), Yt[t - 1]] -= 1
        dlogit = dlogit / (N * T)
        g["Why"] += h[t].T @ dlogit
        g["by"] += dlogit.sum(axis=0)
        dh = dlogit @ params["Why"].T + carry
        dpre = dh * (1 - h[t] * h[t])
        g["Wxh"] += Xt[t - 1].T @ dpre
        g["Whh"] += dpre.T @ h[t - 1]
        g["bh"] += dpre.sum(axis=0)
        carry = dpre @ params["Whh"].T
    return g


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum((v ** 2).sum() for v in grads.values()))
    scale = min(1.0, max_norm / norm) if norm != 0 else 1.0
    return {k: v * scale for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    cur = {k: v.copy() for k, v in params.items()}
    losses = [rnn_loss(rnn_forward(cur, X, h0)[0], Y)]
    for _ in range(epochs):
        _, cache = rnn_forward(cur, X, h0)
        grads = clip_gradients(rnn_backward(cur, cache, Y), max_norm)
        cur = {k: cur[k] - lr * grads[k] for k in cur}
        losses.append(rnn_loss(rnn_forward(cur, X, h0)[0], Y))
    return cur, losses
