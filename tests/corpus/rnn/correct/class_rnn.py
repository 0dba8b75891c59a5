import numpy as np


class RNN:
    """A vanilla RNN: h_t = tanh(x_t Wxh + h_{t-1} Whh + bh), p_t = softmax(h_t Why + by)."""

    def __init__(self, params):
        self.Wxh = params["Wxh"]
        self.Whh = params["Whh"]
        self.bh = params["bh"]
        self.Why = params["Why"]
        self.by = params["by"]

    @staticmethod
    def softmax(logits):
        m = logits.max(axis=1, keepdims=True)
        e = np.exp(logits - m)
        return e / e.sum(axis=1, keepdims=True)

    def step(self, x, h_prev):
        h = np.tanh(x @ self.Wxh + h_prev @ self.Whh + self.bh)
        p = self.softmax(h @ self.Why + self.by)
        return h, p

    def forward(self, X, h0):
        N, T, _ = X.shape
        self.X = X
        self.h0 = h0
        self.H = []
        probs = []
        h = h0
        for t in range(T):
            h, p = self.step(X[:, t, :], h)
            self.H.append(h)
            probs.append(p)
        self.P = np.stack(probs, axis=1)
        return self.P

    def backward(self, Y):
        N, T = Y.shape
        grads = {
            "Wxh": np.zeros_like(self.Wxh),
            "Whh": np.zeros_like(self.Whh),
            "bh": np.zeros_like(self.bh),
            "Why": np.zeros_like(self.Why),
            "by": np.zeros_like(self.by),
        }
        dh_future = np.zeros_like(self.h0, dtype=float)
        rows = np.arange(N)
        for t in range(T - 1, -1, -1):
            h = self.H[t]
            h_prev = self.H[t - 1] if t > 0 else self.h0
            dlogits = self.P[:, t, :].copy()
            dlogits[rows, Y[:, t]] -= 1.0
            dlogits /= N * T
            grads["Why"] += h.T @ dlogits
            grads["by"] += dlogits.sum(axis=0)
            dh = dlogits @ self.Why.T + dh_future
            dpre = dh * (1.0 - h ** 2)
            grads["Wxh"] += self.X[:, t, :].T @ dpre
            grads["Whh"] += h_prev.T @ dpre
            grads["bh"] += dpre.sum(axis=0)
            dh_future = dpre @ self.Whh.T
        return grads


def init_params(n_in, n_hidden, n_out, rng):
    # uniform(-1/sqrt(H), 1/sqrt(H)) like PyTorch's nn.RNN
    k = 1.0 / np.sqrt(n_hidden)
    return {
        "Wxh": rng.uniform(-k, k, size=(n_in, n_hidden)) * np.sqrt(3.0),
        "Whh": rng.uniform(-k, k, size=(n_hidden, n_hidden)) * np.sqrt(3.0),
        "bh": np.zeros(n_hidden),
        "Why": rng.uniform(-k, k, size=(n_hidden, n_out)) * np.sqrt(3.0),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    model = RNN(params)
    P = model.forward(X, h0)
    return P, model


def rnn_loss(P, Y):
    N, T = Y.shape
    p = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(np.mean(-np.log(np.clip(p, 1e-12, 1.0))))


def rnn_backward(params, cache, Y):
    model = cache
    return model.backward(Y)


def clip_gradients(grads, max_norm):
    global_norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    if global_norm == 0:
        return {k: g.copy() for k, g in grads.items()}
    scale = min(1.0, max_norm / global_norm)
    return {k: g * scale for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    current = {k: v.copy() for k, v in params.items()}
    model = RNN(current)
    losses = [rnn_loss(model.forward(X, h0), Y)]
    for epoch in range(epochs):
        grads = clip_gradients(model.backward(Y), max_norm)
        current = {k: current[k] - lr * grads[k] for k in current}
        model = RNN(current)
        losses.append(rnn_loss(model.forward(X, h0), Y))
    return current, losses
