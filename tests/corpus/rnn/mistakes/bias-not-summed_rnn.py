import numpy as np


class VanillaRNN:
    def __init__(self, params):
        self.p = params

    def forward(self, X, h0):
        N, T, D = X.shape
        self.X, self.h0 = X, h0
        self.hs = [h0]
        out = []
        for t in range(T):
            pre = X[:, t] @ self.p["Wxh"] + self.hs[-1] @ self.p["Whh"] + self.p["bh"]
            h = np.tanh(pre)
            self.hs.append(h)
            logits = h @ self.p["Why"] + self.p["by"]
            logits = logits - logits.max(axis=1, keepdims=True)
            e = np.exp(logits)
            out.append(e / e.sum(axis=1, keepdims=True))
        self.P = np.stack(out, axis=1)
        return self.P

    def backward(self, Y):
        N, T = Y.shape
        g = {k: np.zeros_like(v) for k, v in self.p.items()}
        dh_next = np.zeros_like(self.hs[0])
        for t in reversed(range(T)):
            dy = self.P[:, t].copy()
            dy[np.arange(N), Y[:, t]] -= 1
            dy /= N * T
            g["Why"] += self.hs[t + 1].T @ dy
            g["by"] += dy.sum(axis=0)
            dh = dy @ self.p["Why"].T + dh_next
            dpre = (1 - self.hs[t + 1] ** 2) * dh
            g["Wxh"] += self.X[:, t].T @ dpre
            g["Whh"] += self.hs[t].T @ dpre
            g["bh"] += dpre[0]
            dh_next = dpre @ self.p["Whh"].T
        return g


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.normal(scale=1 / np.sqrt(n_in), size=(n_in, n_hidden)),
        "Whh": rng.normal(scale=1 / np.sqrt(n_hidden), size=(n_hidden, n_hidden)),
        "bh": np.zeros(n_hidden),
        "Why": rng.normal(scale=1 / np.sqrt(n_hidden), size=(n_hidden, n_out)),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    net = VanillaRNN(params)
    return net.forward(X, h0), net


def rnn_loss(P, Y):
    N, T = Y.shape
    picked = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.mean(np.log(np.clip(picked, 1e-12, 1.0))))


def rnn_backward(params, cache, Y):
    return cache.backward(Y)


def clip_gradients(grads, max_norm):
    total_norm = np.sqrt(sum(np.sum(v ** 2) for v in grads.values()))
    s = min(1.0, max_norm / total_norm) if total_norm > 0 else 1.0
    return {k: v * s for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    net = VanillaRNN(params)
    losses = [rnn_loss(net.forward(X, h0), Y)]
    for epoch in range(epochs):
        grads = clip_gradients(net.backward(Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        net = VanillaRNN(params)
        losses.append(rnn_loss(net.forward(X, h0), Y))
    return params, losses
