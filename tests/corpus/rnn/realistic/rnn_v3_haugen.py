import numpy as np

# Sigrid Haugen -- RNN homework


def tanh_grad(h):
    return (1.0 - h) * (1.0 + h)


def softmax(z):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def init_params(n_in, n_hidden, n_out, rng):
    s_in, s_h = 1.0 / np.sqrt(n_in), 1.0 / np.sqrt(n_hidden)
    return dict(
        Wxh=rng.standard_normal((n_in, n_hidden)) * s_in,
        Whh=rng.standard_normal((n_hidden, n_hidden)) * s_h,
        bh=np.zeros(n_hidden),
        Why=rng.standard_normal((n_hidden, n_out)) * s_h,
        by=np.zeros(n_out),
    )


def rnn_forward(params, X, h0):
    N, T, _ = X.shape
    H = params["Whh"].shape[0]
    hs = np.zeros((T + 1, N, H))
    hs[0] = h0
    P = np.zeros((N, T, params["Why"].shape[1]))
    for t in range(T):
        hs[t + 1] = np.tanh(X[:, t] @ params["Wxh"] + hs[t] @ params["Whh"] + params["bh"])
        P[:, t] = softmax(hs[t + 1] @ params["Why"] + params["by"])
    return P, (X, hs, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    picked = P[np.arange(N)[:, None], np.arange(T)[None, :], Y]
    return float(-np.mean(np.log(np.maximum(picked, 1e-12))))


def rnn_backward(params, cache, Y):
    X, hs, P = cache
    N, T, K = P.shape
    Wxh, Whh, Why = params["Wxh"], params["Whh"], params["Why"]
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(params["bh"]), np.zeros_like(params["by"])
    dh_next = np.zeros((N, Whh.shape[0]))
    da_first = None
    for t in reversed(range(T)):
        dlogits = P[:, t].copy()
        dlogits[np.arange(N), Y[:, t]] -= 1
        dlogits /= N * T
        dWhy += hs[t + 1].T @ dlogits
        dby += dlogits.sum(0)
        dh = dlogits @ Why.T + dh_next
        da = dh * tanh_grad(hs[t + 1])
        dWxh = X[:, t].T @ da
        dWhh = hs[t].T @ da
        dbh = da.sum(0)
        dh_next = da @ Whh.T
        da_first = da
    dh0 = da_first @ Whh.T     # would be the gradient for h0 (not asked)
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    gnorm = np.sqrt(np.sum([np.sum(g ** 2) for g in grads.values()]))
    scale = min(1.0, max_norm / gnorm) if gnorm > 0 else 1.0
    return {k: scale * g for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.astype(float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
