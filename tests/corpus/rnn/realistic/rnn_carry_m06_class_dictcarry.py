import numpy as np


class VanillaRNN:
    """Small wrapper so the functions below stay short."""

    KEYS = ("Wxh", "Whh", "bh", "Why", "by")

    def __init__(self, params):
        self.p = params

    def step(self, x, h):
        return np.tanh(x @ self.p["Wxh"] + h @ self.p["Whh"] + self.p["bh"])

    def probs(self, h):
        z = h @ self.p["Why"] + self.p["by"]
        z = z - z.max(axis=-1, keepdims=True)
        ez = np.exp(z)
        return ez / ez.sum(axis=-1, keepdims=True)

    def forward(self, X, h0):
        hs, h = [], h0
        for t in range(X.shape[1]):
            h = self.step(X[:, t], h)
            hs.append(h)
        hs = np.stack(hs, axis=1)
        return self.probs(hs), hs

    def backward(self, X, h0, hs, P, Y):
        N, T, K = P.shape
        g = {k: np.zeros_like(self.p[k]) for k in self.KEYS}
        g["h_next"] = np.zeros_like(h0)          # gradient flowing back from t+1
        onehot = np.eye(K)[Y]
        for t in range(T - 1, -1, -1):
            dz = (P[:, t] - onehot[:, t]) / (N * T)
            h = hs[:, t]
            hp = h0 if t == 0 else hs[:, t - 1]
            g["Why"] += h.T @ dz
            g["by"] += dz.sum(axis=0)
            da = (dz @ self.p["Why"].T) * (1 - h ** 2) + g["h_next"]
            g["Wxh"] += X[:, t].T @ da
            g["Whh"] += hp.T @ da
            g["bh"] += da.sum(axis=0)
            g["h_next"] = da @ self.p["Whh"].T
        del g["h_next"]
        return g


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    P, hs = VanillaRNN(params).forward(X, h0)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    p = np.take_along_axis(P, Y[..., None], axis=-1)
    return float(-np.log(np.maximum(p, 1e-12)).mean())


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    return VanillaRNN(params).backward(X, h0, hs, P, Y)


def clip_gradients(grads, max_norm):
    gn = np.sqrt(sum(np.sum(np.square(v)) for v in grads.values()))
    s = 1.0 if gn == 0 else min(1.0, max_norm / gn)
    return {k: v * s for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    cur = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(cur, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(cur, cache, Y), max_norm)
        cur = {k: cur[k] - lr * grads[k] for k in cur}
        P, cache = rnn_forward(cur, X, h0)
        losses.append(rnn_loss(P, Y))
    return cur, losses
