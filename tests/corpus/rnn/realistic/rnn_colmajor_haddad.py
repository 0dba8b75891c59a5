"""Assignment 4: vanilla RNN + BPTT.  Karim Haddad.

Everything inside is column-major: a hidden state is (H, N), and I apply the
transposed weights, h_t = tanh(Wxh^T x_t + Whh^T h_{t-1} + bh).  States are
kept in dicts keyed by the time step."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    g = lambda fan_in, shape: rng.standard_normal(shape) / np.sqrt(fan_in)
    return {"Wxh": g(n_in, (n_in, n_hidden)), "Whh": g(n_hidden, (n_hidden, n_hidden)),
            "bh": np.zeros(n_hidden), "Why": g(n_hidden, (n_hidden, n_out)), "by": np.zeros(n_out)}


def _col_softmax(S):
    S = S - S.max(axis=0, keepdims=True)
    E = np.exp(S)
    return E / E.sum(axis=0, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    Wxh, Whh, Why = params["Wxh"], params["Whh"], params["Why"]
    bh, by = params["bh"][:, None], params["by"][:, None]
    hs = {-1: h0.T.copy()}
    ps = {}
    for t in range(T):
        xt = X[:, t, :].T
        hs[t] = np.tanh(Wxh.T @ xt + Whh.T @ hs[t - 1] + bh)
        ps[t] = _col_softmax(Why.T @ hs[t] + by)
    P = np.stack([ps[t].T for t in range(T)], axis=1)
    return P, {"X": X, "hs": hs, "ps": ps}


def rnn_loss(P, Y):
    N, T, K = P.shape
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    return float(-np.log(np.maximum(P[n_idx, t_idx, Y], 1e-12)).mean())


def rnn_backward(params, cache, Y):
    X, hs, ps = cache["X"], cache["hs"], cache["ps"]
    Whh, Why = params["Whh"], params["Why"]
    N, T, D = X.shape
    H = Whh.shape[0]
    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    carry = np.zeros((H, N))
    for t in range(T - 1, -1, -1):
        dy = ps[t].copy()
        dy[Y[:, t], np.arange(N)] -= 1.0
        dy /= N * T
        grads["Why"] += hs[t] @ dy.T
        grads["by"] += dy.sum(axis=1)
        dh = Why @ dy + carry
        da = (1.0 - hs[t] ** 2) * dh
        grads["Wxh"] += X[:, t, :].T @ da.T
        grads["Whh"] += hs[t - 1] @ da.T
        grads["bh"] += da.sum(axis=1)
        carry = Whh.T @ da
    return grads


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(float((g ** 2).sum()) for g in grads.values()))
    factor = 1.0 if total == 0 or total <= max_norm else max_norm / total
    return {k: g * factor for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.asarray(v, dtype=float).copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
