import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    params = {}
    for name, shape in (("Wxh", (n_in, n_hidden)), ("Whh", (n_hidden, n_hidden)), ("Why", (n_hidden, n_out))):
        params[name] = rng.standard_normal(shape) / np.sqrt(shape[0])
    params["bh"] = np.zeros(n_hidden)
    params["by"] = np.zeros(n_out)
    return params


def softmax(z):
    # shift for numerical stability
    z = z - np.min(z, axis=-1, keepdims=True)
    ez = np.exp(z)
    return ez / ez.sum(axis=-1, keepdims=True)


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    h = h0
    H_all = []
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        H_all.append(h)
    H_all = np.stack(H_all, axis=1)                      # (N, T, H)
    P = softmax(H_all @ params["Why"] + params["by"])
    return P, {"X": X, "h0": h0, "H": H_all, "P": P}


def rnn_loss(P, Y):
    N, T, K = P.shape
    onehot = np.eye(K)[Y]
    return float(-(onehot * np.log(np.clip(P, 1e-12, None))).sum() / (N * T))


def rnn_backward(params, cache, Y):
    X, h0, Hs, P = cache["X"], cache["h0"], cache["H"], cache["P"]
    N, T, K = P.shape
    dZ = (P - np.eye(K)[Y]) / (N * T)
    grads = {"Why": np.zeros_like(params["Why"]), "by": np.zeros_like(params["by"]),
             "Wxh": np.zeros_like(params["Wxh"]), "Whh": np.zeros_like(params["Whh"]),
             "bh": np.zeros_like(params["bh"])}
    dnext = np.zeros_like(h0)
    for t in reversed(range(T)):
        h = Hs[:, t]
        hp = h0 if t == 0 else Hs[:, t - 1]
        grads["Why"] += h.T @ dZ[:, t]
        grads["by"] += dZ[:, t].sum(0)
        dh = dZ[:, t] @ params["Why"].T + dnext
        da = dh * (1 - h ** 2)
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += hp.T @ da
        grads["bh"] += da.sum(0)
        dnext = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    norm = np.sqrt(np.sum([np.vdot(g, g) for g in grads.values()]))
    if norm > max_norm:
        return {k: g * max_norm / norm for k, g in grads.items()}
    return dict((k, g.copy()) for k, g in grads.items())


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    p = {k: v.copy() for k, v in params.items()}
    losses = [rnn_loss(rnn_forward(p, X, h0)[0], Y)]
    for epoch in range(epochs):
        _, cache = rnn_forward(p, X, h0)
        grads = clip_gradients(rnn_backward(p, cache, Y), max_norm)
        p = {k: p[k] - lr * grads[k] for k in p}
        losses.append(rnn_loss(rnn_forward(p, X, h0)[0], Y))
    return p, losses
