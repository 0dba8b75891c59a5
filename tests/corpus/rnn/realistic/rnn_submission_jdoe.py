import numpy as np

def init_params(n_in, n_hidden, n_out, rng):
    s = lambda n: 1 / np.sqrt(n)
    return {"Wxh": rng.standard_normal((n_in, n_hidden)) * s(n_in), "Whh": rng.standard_normal((n_hidden, n_hidden)) * s(n_hidden),
            "bh": np.zeros(n_hidden), "Why": rng.standard_normal((n_hidden, n_out)) * s(n_hidden), "by": np.zeros(n_out)}

def rnn_forward(params, X, h0):
    hs, h = [], h0
    for t in range(X.shape[1]):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]); hs.append(h)
    hs = np.stack(hs, 1)
    Z = hs @ params["Why"] + params["by"]
    E = np.exp(Z - Z.max(-1, keepdims=True)); P = E / E.sum(-1, keepdims=True)
    return P, (X, h0, hs, P)

def rnn_loss(P, Y):
    return float(-np.mean(np.log(np.maximum(np.take_along_axis(P, Y[..., None], 2), 1e-12))))

def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache
    N, T, K = P.shape
    dZ = (np.eye(K)[Y] - P) / N  # grad of the logits
    g = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    g["Why"] = np.einsum("nth,ntk->hk", hs, dZ); g["by"] = dZ.sum((0, 1))
    hprev = np.concatenate([h0[:, None], hs[:, :-1]], 1)
    dnext = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        da = (dZ[:, t] @ params["Why"].T + dnext) * (1 - hs[:, t] ** 2)
        g["Wxh"] += X[:, t].T @ da; g["Whh"] += hprev[:, t].T @ da; g["bh"] += da.sum(0)
        dnext = da @ params["Whh"].T
    return g

def clip_gradients(grads, max_norm):
    n = np.sqrt(sum((g ** 2).sum() for g in grads.values()))
    return {k: g * (min(1.0, max_norm / n) if n > 0 else 1.0) for k, g in grads.items()}

def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, c = rnn_forward(params, X, h0); losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        g = clip_gradients(rnn_backward(params, c, Y), max_norm)
        params = {k: params[k] - lr * g[k] for k in params}
        P, c = rnn_forward(params, X, h0); losses.append(rnn_loss(P, Y))
    return params, losses
