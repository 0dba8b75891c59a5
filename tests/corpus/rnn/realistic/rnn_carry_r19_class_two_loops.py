import numpy as np


class RNNModel:
    def __init__(self, params):
        self.Wxh = params["Wxh"]
        self.Whh = params["Whh"]
        self.bh = params["bh"]
        self.Why = params["Why"]
        self.by = params["by"]

    def run(self, X, h0):
        N, T, _ = X.shape
        h = h0
        hs, dtanhs = [], []
        for t in range(T):
            h = np.tanh(np.dot(X[:, t], self.Wxh) + np.dot(h, self.Whh) + self.bh)
            hs.append(h)
            dtanhs.append(1.0 - h * h)      # tanh'(a_t), stored for backprop
        logits = np.stack(hs, axis=1).dot(self.Why) + self.by
        logits -= logits.max(axis=2, keepdims=True)
        P = np.exp(logits)
        P /= P.sum(axis=2, keepdims=True)
        return P, {"X": X, "h0": h0, "hs": hs, "dtanhs": dtanhs, "P": P}

    def grads(self, cache, Y):
        X, h0, hs, dtanhs, P = (cache[k] for k in ("X", "h0", "hs", "dtanhs", "P"))
        N, T, K = P.shape
        dlogits = (P - np.eye(K)[Y]) / (N * T)
        # pass 1: walk back through time and get da_t for every step
        das = [None] * T
        grad_h = np.zeros_like(h0)
        for t in reversed(range(T)):
            dh = dlogits[:, t].dot(self.Why.T)
            das[t] = dh * (1.0 - hs[t] ** 2) + grad_h
            grad_h = das[t].dot(self.Whh.T)
        # pass 2: the shared weights sum over the steps
        g = {"Wxh": 0.0, "Whh": 0.0, "bh": 0.0, "Why": 0.0, "by": 0.0}
        for t in range(T):
            h_prev = hs[t - 1] if t else h0
            g["Wxh"] = g["Wxh"] + X[:, t].T.dot(das[t])
            g["Whh"] = g["Whh"] + h_prev.T.dot(das[t])
            g["bh"] = g["bh"] + das[t].sum(axis=0)
            g["Why"] = g["Why"] + hs[t].T.dot(dlogits[:, t])
            g["by"] = g["by"] + dlogits[:, t].sum(axis=0)
        return g


def init_params(n_in, n_hidden, n_out, rng):
    std_x, std_h = n_in ** -0.5, n_hidden ** -0.5
    return {"Wxh": std_x * rng.standard_normal((n_in, n_hidden)),
            "Whh": std_h * rng.standard_normal((n_hidden, n_hidden)),
            "bh": np.zeros(n_hidden),
            "Why": std_h * rng.standard_normal((n_hidden, n_out)),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    return RNNModel(params).run(X, h0)


def rnn_loss(P, Y):
    N, T = Y.shape
    idx_n = np.repeat(np.arange(N), T)
    idx_t = np.tile(np.arange(T), N)
    return float(-np.log(np.maximum(P[idx_n, idx_t, Y.ravel()], 1e-12)).mean())


def rnn_backward(params, cache, Y):
    return RNNModel(params).grads(cache, Y)


def clip_gradients(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(np.asarray(g) ** 2) for g in grads.values())))
    mult = 1.0 if norm == 0.0 else min(1.0, max_norm / norm)
    return {k: np.asarray(g) * mult for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float, copy=True) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
