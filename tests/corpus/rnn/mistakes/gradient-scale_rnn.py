import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    params = {}
    params["Wxh"] = rng.normal(0.0, np.sqrt(1.0 / n_in), (n_in, n_hidden))
    params["Whh"] = rng.normal(0.0, np.sqrt(1.0 / n_hidden), (n_hidden, n_hidden))
    params["bh"] = np.zeros(n_hidden)
    params["Why"] = rng.normal(0.0, np.sqrt(1.0 / n_hidden), (n_hidden, n_out))
    params["by"] = np.zeros(n_out)
    return params


def softmax(z):
    z = z - np.max(z, axis=-1, keepdims=True)
    ez = np.exp(z)
    return ez / np.sum(ez, axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    H = np.empty((N, T, h0.shape[1]))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        H[:, t] = h
    P = softmax(H @ params["Why"] + params["by"])
    return P, (X, h0, H, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    n, t = np.indices((N, T))
    return float(np.mean(-np.log(np.clip(P[n, t, Y], 1e-12, None))))


def rnn_backward(params, cache, Y):
    X, h0, H, P = cache
    N, T, _ = X.shape
    n, t = np.indices((N, T))
    dlogits = P.copy()
    dlogits[n, t, Y] -= 1.0
    dlogits /= N
    dWhy = np.einsum("nti,ntj->ij", H, dlogits)
    dby = dlogits.sum(axis=(0, 1))
    dH = dlogits @ params["Why"].T
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros_like(params["bh"])
    carry = np.zeros_like(h0, dtype=float)
    for s in range(T - 1, -1, -1):
        dz = (dH[:, s] + carry) * (1.0 - H[:, s] ** 2)
        h_prev = H[:, s - 1] if s > 0 else h0
        dWxh += X[:, s].T @ dz
        dWhh += h_prev.T @ dz
        dbh += dz.sum(axis=0)
        carry = dz @ params["Whh"].T
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    total = np.sqrt(np.sum([np.sum(np.square(g)) for g in grads.values()]))
    factor = 1.0 if total <= max_norm else max_norm / total
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
