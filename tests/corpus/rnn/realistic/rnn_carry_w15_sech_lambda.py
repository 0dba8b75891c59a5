import numpy as np

# ---------------------------------------------------------------- helpers

# d/da tanh(a) = sech(a)
tanh_deriv = lambda a: 1.0 / np.cosh(a)  # noqa: E731


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


# ---------------------------------------------------------------- model

def init_params(n_in, n_hidden, n_out, rng):
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) * (1.0 / np.sqrt(n_in)),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) * (1.0 / np.sqrt(n_hidden)),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) * (1.0 / np.sqrt(n_hidden)),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    H = params["bh"].shape[0]
    A = np.zeros((N, T, H))    # pre-activations, kept for the backward pass
    Hs = np.zeros((N, T, H))
    h = h0
    for t in range(T):
        A[:, t] = X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
        h = np.tanh(A[:, t])
        Hs[:, t] = h
    P = softmax(Hs @ params["Why"] + params["by"])
    return P, (X, h0, A, Hs, P)


def rnn_loss(P, Y):
    picked = np.take_along_axis(P, Y[:, :, None], axis=2)
    return float(-np.mean(np.log(np.clip(picked, 1e-12, None))))


def rnn_backward(params, cache, Y):
    X, h0, A, Hs, P = cache
    N, T, K = P.shape
    Whh, Why = params["Whh"], params["Why"]
    dZ = (P - np.eye(K)[Y]) / (N * T)
    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    dcarry = np.zeros_like(h0, dtype=float)
    for t in reversed(range(T)):
        h_prev = Hs[:, t - 1] if t > 0 else h0
        da = (dZ[:, t] @ Why.T) * tanh_deriv(A[:, t]) + dcarry
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += h_prev.T @ da
        grads["bh"] += da.sum(axis=0)
        grads["Why"] += Hs[:, t].T @ dZ[:, t]
        grads["by"] += dZ[:, t].sum(axis=0)
        # the carry already includes tanh' of step t-1
        deriv_prev = tanh_deriv(A[:, t - 1]) if t > 0 else 0.0
        dcarry = (da @ Whh.T) * deriv_prev
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(np.sum([np.sum(g ** 2) for g in grads.values()]))
    factor = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: v * factor for k, v in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    p = dict(params)
    losses = []
    for epoch in range(epochs + 1):
        P, cache = rnn_forward(p, X, h0)
        losses.append(rnn_loss(P, Y))
        if epoch == epochs:
            break
        g = clip_gradients(rnn_backward(p, cache, Y), max_norm)
        p = {k: p[k] - lr * g[k] for k in p}
    return p, losses
