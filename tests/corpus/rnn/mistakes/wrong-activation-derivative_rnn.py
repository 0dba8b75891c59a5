import numpy as np


def tanh_derivative(z):
    # d/dz tanh(z) = sech(z)
    return 1.0 / np.cosh(z)


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) * np.sqrt(1.0 / n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) * np.sqrt(1.0 / n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) * np.sqrt(1.0 / n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    H = params["Whh"].shape[0]
    Z = np.zeros((N, T, H))
    Hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        Z[:, t] = X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(Z[:, t])
        Hs[:, t] = h
    P = softmax(Hs @ params["Why"] + params["by"])
    return P, {"X": X, "h0": h0, "Z": Z, "H": Hs, "P": P}


def rnn_loss(P, Y):
    N, T = Y.shape
    p = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(np.mean(-np.log(np.clip(p, 1e-12, None))))


def rnn_backward(params, cache, Y):
    X, h0, Z, Hs, P = cache["X"], cache["h0"], cache["Z"], cache["H"], cache["P"]
    N, T, _ = X.shape
    K = P.shape[-1]
    d_out = (P - np.eye(K)[Y]) / (N * T)
    grads = {
        "Why": np.einsum("nth,ntk->hk", Hs, d_out),
        "by": d_out.sum(axis=(0, 1)),
        "Wxh": np.zeros_like(params["Wxh"]),
        "Whh": np.zeros_like(params["Whh"]),
        "bh": np.zeros_like(params["bh"]),
    }
    dh_carry = np.zeros_like(h0, dtype=float)
    for t in range(T - 1, -1, -1):
        dh = d_out[:, t] @ params["Why"].T + dh_carry
        dz = dh * tanh_derivative(Z[:, t])
        h_prev = Hs[:, t - 1] if t > 0 else h0
        grads["Wxh"] += X[:, t].T @ dz
        grads["Whh"] += h_prev.T @ dz
        grads["bh"] += dz.sum(axis=0)
        dh_carry = dz @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
