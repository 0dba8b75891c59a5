import numpy as np


class SimpleRNN:
    def __init__(self, Wxh, Whh, bh, Why, by):
        self.Wxh, self.Whh, self.bh, self.Why, self.by = Wxh, Whh, bh, Why, by

    @classmethod
    def from_dict(cls, p):
        return cls(p["Wxh"], p["Whh"], p["bh"], p["Why"], p["by"])

    def run(self, X, h0):
        N, T, _ = X.shape
        self.X = X
        self.states = [h0]
        probs = np.zeros((N, T, self.Why.shape[1]))
        for t in range(T):
            h = np.tanh(X[:, t] @ self.Wxh + self.states[-1] @ self.Whh + self.bh)
            self.states.append(h)
            z = h @ self.Why + self.by
            z = np.exp(z - z.max(axis=1, keepdims=True))
            probs[:, t] = z / z.sum(axis=1, keepdims=True)
        self.probs = probs
        return probs

    def grads(self, Y):
        N, T = Y.shape
        dWxh = np.zeros_like(self.Wxh)
        dWhh = np.zeros_like(self.Whh)
        dbh = np.zeros_like(self.bh)
        dWhy = np.zeros_like(self.Why)
        dby = np.zeros_like(self.by)
        dh_next = np.zeros_like(self.states[0], dtype=float)
        for t in reversed(range(T)):
            dz_out = self.probs[:, t].copy()
            dz_out[np.arange(N), Y[:, t]] -= 1
            dz_out /= N * T
            h, h_prev = self.states[t + 1], self.states[t]
            dWhy += h.T @ dz_out
            dby += dz_out.sum(axis=0)
            dh = dz_out @ self.Why.T + dh_next
            dz = dh * (1 - h * h)
            dWxh += self.X[:, t].T @ dz
            dWhh += h_prev.T @ dz
            dbh += dz.sum(axis=0)
            dh_next = dz @ self.Whh.T
        return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def init_params(n_in, n_hidden, n_out, rng):
    # small weights so tanh starts in its linear region
    return {
        "Wxh": np.full((n_in, n_hidden), 0.01),
        "Whh": np.full((n_hidden, n_hidden), 0.01),
        "bh": np.zeros(n_hidden),
        "Why": np.full((n_hidden, n_out), 0.01),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    net = SimpleRNN.from_dict(params)
    P = net.run(X, h0)
    return P, net


def rnn_loss(P, Y):
    N, T = Y.shape
    return float(-np.mean(np.log(np.maximum(P[np.arange(N)[:, None], np.arange(T), Y], 1e-12))))


def rnn_backward(params, cache, Y):
    return cache.grads(Y)


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    k = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {name: g * k for name, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, net = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, net, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, net = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
