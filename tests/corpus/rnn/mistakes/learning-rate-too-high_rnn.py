import numpy as np

# hyper-parameters used in the experiments below
HIDDEN = 64
LEARNING_RATE = 10.0
EPOCHS = 2000


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def step_forward(x, h_prev, Wxh, Whh, bh):
    h = np.tanh(x @ Wxh + h_prev @ Whh + bh)
    return h


def output_forward(h, Why, by):
    s = h @ Why + by
    s = s - s.max(axis=1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    hs = [h0]
    ps = []
    for t in range(T):
        hs.append(step_forward(X[:, t, :], hs[-1], params["Wxh"], params["Whh"], params["bh"]))
        ps.append(output_forward(hs[-1], params["Why"], params["by"]))
    P = np.stack(ps, axis=1)
    return P, {"X": X, "hs": hs, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    correct = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(np.mean(-np.log(np.maximum(correct, 1e-12))))


def rnn_backward(params, cache, Y):
    X, hs, P = cache["X"], cache["hs"], cache["P"]
    N, T, D = X.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(hs[0], dtype=float)
    for t in reversed(range(T)):
        ds = P[:, t, :].copy()
        ds[np.arange(N), Y[:, t]] -= 1.0
        ds /= (N * T)
        grads["Why"] += hs[t + 1].T @ ds
        grads["by"] += ds.sum(axis=0)
        dh = ds @ params["Why"].T + dh_next
        dz = dh * (1.0 - hs[t + 1] ** 2)
        grads["Wxh"] += X[:, t, :].T @ dz
        grads["Whh"] += hs[t].T @ dz
        grads["bh"] += dz.sum(axis=0)
        dh_next = dz @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g * g) for g in grads.values()))
    c = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * c for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for e in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - LEARNING_RATE * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
