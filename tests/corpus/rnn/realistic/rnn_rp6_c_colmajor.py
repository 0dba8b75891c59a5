import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
            "bh": np.zeros(n_hidden),
            "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    # columns are samples inside: states are (H, N)
    Wx, Wh, Wy = params["Wxh"].T, params["Whh"].T, params["Why"].T
    bh, by = params["bh"][:, None], params["by"][:, None]
    N, T, _ = X.shape
    states = [h0.T]
    probs = []
    for t in range(T):
        h = np.tanh(Wx @ X[:, t].T + Wh @ states[-1] + bh)
        s = Wy @ h + by
        s = np.exp(s - s.max(axis=0, keepdims=True))
        states.append(h)
        probs.append(s / s.sum(axis=0, keepdims=True))
    P = np.stack([p.T for p in probs], axis=1)
    return P, (X, states, probs)


def rnn_loss(P, Y):
    N, T = Y.shape
    total = 0.0
    for t in range(T):
        total -= np.log(np.maximum(P[np.arange(N), t, Y[:, t]], 1e-12)).sum()
    return float(total / (N * T))


def rnn_backward(params, cache, Y):
    X, states, probs = cache
    N, T = Y.shape
    Wh, Wy = params["Whh"].T, params["Why"].T
    dWx = np.zeros_like(params["Wxh"].T)
    dWh = np.zeros_like(Wh)
    dWy = np.zeros_like(Wy)
    dbh = np.zeros(Wh.shape[0])
    dby = np.zeros(Wy.shape[0])
    carry = np.zeros_like(states[0])
    for t in range(T - 1, -1, -1):
        ds = probs[t].copy()
        ds[Y[:, t], np.arange(N)] -= 1.0
        ds = ds / (N * T)
        dWy += ds @ states[t + 1].T
        dby += ds.sum(axis=1)
        dh = Wy.T @ ds + carry
        da = dh * (1.0 - states[t + 1] ** 2)
        dWx += da @ X[:, t]
        dWh += da @ states[t].T
        dbh += da.sum(axis=1)
        carry = Wh.T @ da
    return {"Wxh": dWx.T, "Whh": dWh.T, "bh": dbh, "Why": dWy.T, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.vdot(g, g) for g in grads.values()))
    factor = 1.0 if norm <= max_norm else max_norm / norm
    return {k: g * factor for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = [rnn_loss(rnn_forward(params, X, h0)[0], Y)]
    for _ in range(epochs):
        P, cache = rnn_forward(params, X, h0)
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(rnn_loss(rnn_forward(params, X, h0)[0], Y))
    return params, losses
