# Assignment 4: vanilla RNN -- Lena Brandt
import numpy as np

WARMUP = 0          # warm-up epochs for the learning rate (0 = off)


def tanh_prime(a):
    """tanh'(a) for the PRE-activation a."""
    return 1.0 / np.cosh(a) ** 2


def tanh_grad_from_sq(h2):
    """tanh' from the cached square of the output, h2 = h * h."""
    return 1.0 - h2


def init_params(n_in, n_hidden, n_out, rng):
    std_x = 1.0 / np.sqrt(n_in)
    std_h = 1.0 / np.sqrt(n_hidden)
    params = {
        "Wxh": rng.normal(0.0, 1.0, (n_in, n_hidden)),
        "Whh": rng.normal(0.0, 1.0, (n_hidden, n_hidden)),
        "bh": np.zeros(n_hidden),
        "Why": rng.normal(0.0, 1.0, (n_hidden, n_out)),
        "by": np.zeros(n_out),
    }
    params["Wxh"] = params["Wxh"] * std_x
    params["Whh"] = params["Whh"] * std_h
    params["Why"] = params["Why"] * std_h
    return params


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    A, Hs = [], []
    h = h0
    for t in range(T):
        a = X[:, t, :] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(a)
        A.append(a)
        Hs.append(h)
    A = np.stack(A, axis=1)
    Hs = np.stack(Hs, axis=1)
    Z = Hs @ params["Why"] + params["by"]
    Z = Z - Z.max(axis=2, keepdims=True)
    P = np.exp(Z) / np.exp(Z).sum(axis=2, keepdims=True)
    return P, (X, h0, A, Hs, P)


def rnn_loss(P, Y):
    N, T, K = P.shape
    p = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.mean(np.log(np.clip(p, 1e-12, None))))


def rnn_backward(params, cache, Y):
    X, h0, A, Hs, P = cache
    N, T, K = P.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dZ = P.copy()
    dZ[np.arange(N)[:, None], np.arange(T)[None, :], Y] -= 1.0
    dZ /= N * T
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        grads["Why"] += Hs[:, t].T @ dZ[:, t]
        grads["by"] += dZ[:, t].sum(axis=0)
        dh = dZ[:, t] @ params["Why"].T * tanh_grad_from_sq(Hs[:, t] ** 2)
        da = dh + dh_next
        h_prev = Hs[:, t - 1] if t > 0 else h0
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        dh_next = da @ params["Whh"].T
    return grads


def check_tanh_forms(a):
    """sanity check: both forms of tanh' agree."""
    return np.allclose(tanh_prime(a), tanh_grad_from_sq(np.tanh(a) ** 2))


def clip_gradients(grads, max_norm):
    total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    factor = min(1.0, max_norm / total) if total > 0 else 1.0
    return {k: g * factor for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        step = lr if epoch >= WARMUP else lr * (epoch + 1) / WARMUP
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - step * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
