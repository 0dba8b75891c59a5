"""Assignment 4 - recurrent network.  Ngozi Obi.
The recurrent gradient is kept separately from the output gradient and
added once the local derivative has been applied."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    scale_in, scale_h = 1 / np.sqrt(n_in), 1 / np.sqrt(n_hidden)
    return {"Wxh": scale_in * rng.standard_normal((n_in, n_hidden)),
            "Whh": scale_h * rng.standard_normal((n_hidden, n_hidden)),
            "bh": np.zeros(n_hidden),
            "Why": scale_h * rng.standard_normal((n_hidden, n_out)),
            "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = h0.shape[1]
    hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t] = h
    logits = hs @ params["Why"] + params["by"]
    logits = logits - logits.max(axis=-1, keepdims=True)
    P = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    rows = P.reshape(-1, K)[np.arange(N * T), Y.reshape(-1)]
    return float(np.mean(-np.log(np.clip(rows, 1e-12, 1.0))))


def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    Hn = hs.shape[2]
    dlogits = P.copy()
    dlogits[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1.0
    dlogits /= N * T
    dWhy = np.einsum("nth,ntk->hk", hs, dlogits)
    dby = dlogits.sum(axis=(0, 1))
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros(Hn)
    from_future = np.zeros((N, Hn))
    for t in range(T - 1, -1, -1):
        from_output = dlogits[:, t] @ params["Why"].T
        da = from_output * (1.0 - hs[:, t] ** 2)
        da += from_future
        h_prev = hs[:, t - 1] if t > 0 else h0
        dWxh += X[:, t].T @ da
        dWhh += h_prev.T @ da
        dbh += da.sum(axis=0)
        from_future = da @ params["Whh"].T
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.linalg.norm(np.concatenate([g.ravel() for g in grads.values()]))
    factor = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: v * factor for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.copy(v) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in list(params):
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
