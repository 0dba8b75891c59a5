import numpy as np
# Kwame Mensah -- HW4.  Per-time-step loops everywhere, time is the first axis internally.


def init_params(n_in, n_hidden, n_out, rng):
    return dict(
        Wxh=rng.standard_normal((n_in, n_hidden)) / n_in ** 0.5,
        Whh=rng.standard_normal((n_hidden, n_hidden)) / n_hidden ** 0.5,
        bh=np.zeros(n_hidden),
        Why=rng.standard_normal((n_hidden, n_out)) / n_hidden ** 0.5,
        by=np.zeros(n_out),
    )


def step(params, x, h):
    return np.tanh(x @ params["Wxh"] + h @ params["Whh"] + params["bh"])


def probs(params, h):
    s = h @ params["Why"] + params["by"]
    s = s - s.max(axis=1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=1, keepdims=True)


def rnn_forward(params, X, h0):
    Xt = np.swapaxes(X, 0, 1)              # (T, N, D)
    H = [h0]
    Ps = []
    for x in Xt:
        H.append(step(params, x, H[-1]))
        Ps.append(probs(params, H[-1]))
    return np.swapaxes(np.array(Ps), 0, 1), (Xt, np.array(H), np.array(Ps))


def rnn_loss(P, Y):
    picked = np.take_along_axis(P, Y[..., None], axis=-1)
    return float(np.mean(-np.log(np.maximum(picked, 1e-12))))


def rnn_backward(params, cache, Y):
    Xt, H, Ps = cache                      # H[0] = h0, H[t + 1] = h_t
    T, N, K = Ps.shape
    g = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    carried = np.zeros_like(H[0])
    for t in reversed(range(T)):
        dlog = Ps[t] - np.eye(K)[Y[:, t]]
        dlog = dlog / (N * T)
        g["Why"] = g["Why"] + H[t + 1].T @ dlog
        g["by"] = g["by"] + dlog[0]
        dh = dlog @ params["Why"].T + carried
        da = dh * (1 - H[t + 1] ** 2)
        g["Wxh"] = g["Wxh"] + Xt[t].T @ da
        g["Whh"] = g["Whh"] + H[t + 1].T @ da
        g["bh"] = g["bh"] + da.sum(axis=0)
        carried = da @ params["Whh"].T
    return g


def clip_gradients(grads, max_norm):
    sq = 0.0
    for v in grads.values():
        sq += float(np.vdot(v, v))
    norm = sq ** 0.5
    scale = max_norm / norm if norm > max_norm else 1.0
    return {k: v * scale for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    cur = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(cur, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        gr = clip_gradients(rnn_backward(cur, cache, Y), max_norm)
        cur = {k: cur[k] - lr * gr[k] for k in cur}
        P, cache = rnn_forward(cur, X, h0)
        losses.append(rnn_loss(P, Y))
    return cur, losses
