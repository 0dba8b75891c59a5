import numpy as np


class Cell:
    """One step of the vanilla RNN: h = tanh(x Wxh + h_prev Whh + bh)."""

    def __init__(self, params):
        self.p = params

    def step(self, x, h_prev):
        self.x, self.h_prev = x, h_prev
        self.h = np.tanh(x @ self.p["Wxh"] + h_prev @ self.p["Whh"] + self.p["bh"])
        return self.h

    def back(self, dh_out, dh_next, grads):
        # gradient of the pre-activation of this step
        da = dh_out * (1 - self.h ** 2) + dh_next
        grads["Wxh"] += self.x.T @ da
        grads["Whh"] += self.h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        return da @ self.p["Whh"].T


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.standard_normal((n_in, n_hidden)) * (1.0 / np.sqrt(n_in)),
            "Whh": rng.standard_normal((n_hidden, n_hidden)) * (1.0 / np.sqrt(n_hidden)),
            "bh": np.zeros(n_hidden),
            "Why": rng.standard_normal((n_hidden, n_out)) * (1.0 / np.sqrt(n_hidden)),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    cells, probs = [], []
    h = h0
    for t in range(X.shape[1]):
        cell = Cell(params)
        h = cell.step(X[:, t], h)
        cells.append(cell)
        z = h @ params["Why"] + params["by"]
        e = np.exp(z - z.max(axis=1, keepdims=True))
        probs.append(e / e.sum(axis=1, keepdims=True))
    P = np.stack(probs, axis=1)
    return P, (cells, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    p = np.take_along_axis(P, Y[:, :, None], axis=2)
    return float(-np.log(np.maximum(p, 1e-12)).sum() / (N * T))


def rnn_backward(params, cache, Y):
    cells, P = cache
    N, T, K = P.shape
    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    dZ = P - np.eye(K)[Y]
    dZ = dZ / (N * T)
    dh_next = np.zeros((N, params["Whh"].shape[0]))
    for t in reversed(range(T)):
        grads["Why"] += cells[t].h.T @ dZ[:, t]
        grads["by"] += dZ[:, t].sum(axis=0)
        dh_next = cells[t].back(dZ[:, t] @ params["Why"].T, dh_next, grads)
    return grads


def clip_gradients(grads, max_norm):
    total = np.sqrt(np.sum([np.sum(g ** 2) for g in grads.values()]))
    factor = min(1.0, max_norm / total) if total > 0 else 1.0
    return {k: factor * g for k, g in grads.items()}


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
