import numpy as np


class RNN:
    def __init__(self, params):
        self.params = params

    def forward(self, X, h0):
        Wxh, Whh, bh = self.params["Wxh"], self.params["Whh"], self.params["bh"]
        Why, by = self.params["Why"], self.params["by"]
        N, T, _ = X.shape
        self.X = X
        self.h = [h0]
        P = []
        for t in range(T):
            self.h.append(np.tanh(X[:, t] @ Wxh + self.h[-1] @ Whh + bh))
            o = self.h[-1] @ Why + by
            o = np.exp(o - o.max(axis=1, keepdims=True))
            P.append(o / o.sum(axis=1, keepdims=True))
        self.P = np.stack(P, axis=1)
        return self.P

    def backward(self, Y):
        Whh, Why = self.params["Whh"], self.params["Why"]
        N, T = Y.shape
        d = {k: np.zeros_like(v) for k, v in self.params.items()}
        dh_next = np.zeros_like(self.h[0], dtype=float)
        for t in range(T - 1, -1, -1):
            do = self.P[:, t].copy()
            do[np.arange(N), Y[:, t]] -= 1
            do /= N * T
            d["Why"] += self.h[t + 1].T @ do
            d["by"] += do.sum(0)
            dh = do @ Why.T + dh_next
            draw = dh * (1 - self.h[t + 1] ** 2)
            d["Wxh"] += self.X[:, t].T @ draw
            d["Whh"] += self.h[t].T @ draw
            d["bh"] += draw.sum(0)
            dh_next = draw @ Whh.T
        return d


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
            "bh": np.zeros(n_hidden),
            "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    model = RNN(params)
    return model.forward(X, h0), model


def rnn_loss(P, Y):
    N, T = Y.shape
    p = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.log(np.clip(p, 1e-12, 1.0)).mean())


def rnn_backward(params, cache, Y):
    return cache.backward(Y)


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum((g * g).sum() for g in grads.values()))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    mem = {k: np.zeros_like(v) for k, v in params.items()}   # adagrad memory
    model = RNN(params)
    losses = [rnn_loss(model.forward(X, h0), Y)]
    for epoch in range(epochs):
        grads = clip_gradients(model.backward(Y), max_norm)
        new_params = {}
        for k in params:
            mem[k] = mem[k] + grads[k] * grads[k]
            new_params[k] = params[k] - lr * grads[k] / np.sqrt(mem[k] + 1e-8)
        params = new_params
        model = RNN(params)
        losses.append(rnn_loss(model.forward(X, h0), Y))
    return params, losses
