import numpy as np

f32 = np.float32


def init_params(n_in, n_hidden, n_out, rng):
    s_in = 1.0 / np.sqrt(n_in)
    s_h = 1.0 / np.sqrt(n_hidden)
    return {
        "Wxh": (rng.standard_normal((n_in, n_hidden)) * s_in).astype(f32),
        "Whh": (rng.standard_normal((n_hidden, n_hidden)) * s_h).astype(f32),
        "bh": np.zeros(n_hidden, dtype=f32),
        "Why": (rng.standard_normal((n_hidden, n_out)) * s_h).astype(f32),
        "by": np.zeros(n_out, dtype=f32),
    }


def _cast(params):
    return {k: np.asarray(v).astype(f32) for k, v in params.items()}


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    p = _cast(params)
    X = np.asarray(X).astype(f32)
    N, T, D = X.shape
    H = p["Whh"].shape[0]
    hs = np.zeros((N, T + 1, H), dtype=f32)      # hs[:, 0] is h0
    hs[:, 0] = np.asarray(h0).astype(f32)
    for t in range(T):
        hs[:, t + 1] = np.tanh(X[:, t] @ p["Wxh"] + hs[:, t] @ p["Whh"] + p["bh"])
    logits = hs[:, 1:] @ p["Why"] + p["by"]      # (N, T, K)
    P = softmax(logits)
    return P, {"X": X, "hs": hs, "P": P}


def rnn_loss(P, Y):
    P = np.asarray(P).astype(f32)
    N, T = Y.shape
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    picked = np.clip(P[n_idx, t_idx, Y], f32(1e-12), f32(1.0))
    return float(-np.log(picked).mean())


def rnn_backward(params, cache, Y):
    p = _cast(params)
    X, hs, P = cache["X"], cache["hs"], cache["P"]
    N, T, D = X.shape
    K = P.shape[2]
    onehot = np.eye(K, dtype=f32)[Y]                    # (N, T, K)
    dlogits = (P - onehot) / f32(N * T)
    h = hs[:, 1:]                                       # (N, T, H)
    dWhy = np.einsum("nth,ntk->hk", h, dlogits)
    dby = dlogits.sum(axis=(0, 1))
    dh_out = dlogits @ p["Why"].T                       # (N, T, H)
    dz = np.zeros_like(h)
    dh_next = np.zeros((N, h.shape[2]), dtype=f32)
    for t in range(T - 1, -1, -1):
        dh = dh_out[:, t] + dh_next
        dz[:, t] = dh * (f32(1) - h[:, t] ** 2)
        dh_next = dz[:, t] @ p["Whh"].T
    dWxh = np.einsum("ntd,nth->dh", X, dz)
    dWhh = np.einsum("nti,ntj->ij", hs[:, :-1], dz)
    dbh = dz.sum(axis=(0, 1))
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(np.sum(np.square(g, dtype=np.float64)) for g in grads.values()))
    factor = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: (g * f32(factor)).astype(f32) for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = _cast(params)
    losses = []
    P, cache = rnn_forward(params, X, h0)
    losses.append(rnn_loss(P, Y))
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: (v - f32(lr) * g[k]).astype(f32) for k, v in params.items()}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
