import numpy as np

# Homework 4: RNN + backprop through time
# Mei Lin
# I wrote BPTT for ONE sequence first (easier to think about), and the batch
# version just loops over the sequences and adds up.


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    Whh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Why = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(n_hidden), "Why": Why, "by": np.zeros(n_out)}


def stable_softmax(v):
    v = v - np.max(v)
    e = np.exp(v)
    return e / e.sum()


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    H = params["Whh"].shape[0]
    K = params["Why"].shape[1]
    hs = np.zeros((N, T + 1, H))
    P = np.zeros((N, T, K))
    for n in range(N):
        hs[n, 0] = h0[n]
        for t in range(T):
            hs[n, t + 1] = np.tanh(X[n, t] @ params["Wxh"] + hs[n, t] @ params["Whh"] + params["bh"])
            P[n, t] = stable_softmax(hs[n, t + 1] @ params["Why"] + params["by"])
    return P, {"X": X, "hs": hs}


def rnn_loss(P, Y):
    N, T, K = P.shape
    loss = 0.0
    for n in range(N):
        for t in range(T):
            loss -= np.log(max(P[n, t, Y[n, t]], 1e-12))
    return float(loss / (N * T))


def rnn_backward(params, cache, Y):
    X, hs = cache["X"], cache["hs"]
    P, _ = rnn_forward(params, X, hs[:, 0])
    N, T, K = P.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    for n in range(N):
        dh_next = np.zeros(params["Whh"].shape[0])
        for t in reversed(range(T)):
            dy = P[n, t].copy()
            dy[Y[n, t]] -= 1.0
            dy /= (N * T)
            h, h_prev = hs[n, t + 1], hs[n, t]
            grads["Why"] += np.outer(h, dy)
            grads["by"] += dy
            dh = params["Why"] @ dy + dh_next
            da = (1 - h ** 2) * dh
            grads["Wxh"] += np.outer(X[n, t], da)
            grads["Whh"] += np.outer(da, h_prev)
            grads["bh"] += da
            dh_next = params["Whh"] @ da
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values()))
    s = 1.0 if norm <= max_norm else max_norm / norm
    return {k: s * g for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
        if epoch % 50 == 0:
            print("epoch", epoch, "loss", round(losses[-1], 4))
    return params, losses
