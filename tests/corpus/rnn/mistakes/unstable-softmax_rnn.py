import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    k_in, k_h = 1.0 / np.sqrt(n_in), 1.0 / np.sqrt(n_hidden)
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) * k_in,
        "Whh": rng.standard_normal((n_hidden, n_hidden)) * k_h,
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) * k_h,
        "by": np.zeros(n_out),
    }


def softmax(scores):
    exp_scores = np.exp(scores)
    return exp_scores / np.sum(exp_scores, axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    states = np.zeros((N, T + 1, h0.shape[-1]))
    states[:, 0, :] = h0
    for t in range(T):
        pre = X[:, t, :] @ params["Wxh"] + states[:, t, :] @ params["Whh"] + params["bh"]
        states[:, t + 1, :] = np.tanh(pre)
    P = softmax(states[:, 1:, :] @ params["Why"] + params["by"])
    return P, (X, states, P)


def rnn_loss(P, Y):
    N, T = Y.shape
    likelihood = np.take_along_axis(P, Y[:, :, np.newaxis], axis=2)
    return float(-np.mean(np.log(np.clip(likelihood, 1e-12, 1.0))))


def rnn_backward(params, cache, Y):
    X, states, P = cache
    N, T, D = X.shape
    K = P.shape[-1]
    dscores = P - np.eye(K)[Y]
    dscores = dscores / (N * T)
    H = states[:, 1:, :]
    grads = {"Why": np.einsum("nth,ntk->hk", H, dscores), "by": dscores.sum(axis=(0, 1))}
    dWxh = np.zeros_like(params["Wxh"])
    dWhh = np.zeros_like(params["Whh"])
    dbh = np.zeros_like(params["bh"])
    dh_next = np.zeros((N, H.shape[-1]))
    for t in reversed(range(T)):
        dh = dscores[:, t, :] @ params["Why"].T + dh_next
        dpre = dh * (1 - states[:, t + 1, :] ** 2)
        dWxh += X[:, t, :].T @ dpre
        dWhh += states[:, t, :].T @ dpre
        dbh += dpre.sum(axis=0)
        dh_next = dpre @ params["Whh"].T
    grads.update({"Wxh": dWxh, "Whh": dWhh, "bh": dbh})
    return grads


def clip_gradients(grads, max_norm):
    gn = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    factor = min(1.0, max_norm / gn) if gn > 0 else 1.0
    return {k: g * factor for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for i in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
