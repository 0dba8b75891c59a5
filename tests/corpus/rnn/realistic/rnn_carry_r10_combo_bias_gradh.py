import numpy as np

PARAM_NAMES = ["Wxh", "Whh", "bh", "Why", "by"]


def init_params(n_in, n_hidden, n_out, rng):
    shapes = {"Wxh": (n_in, n_hidden), "Whh": (n_hidden, n_hidden), "Why": (n_hidden, n_out)}
    params = {name: rng.standard_normal(shape) / np.sqrt(shape[0]) for name, shape in shapes.items()}
    params["bh"] = np.zeros(n_hidden)
    params["by"] = np.zeros(n_out)
    return params


def rnn_forward(params, X, h0):
    N, T, D = X.shape
    hs = np.zeros((N, T + 1, h0.shape[1]))     # hs[:, 0] is h0
    hs[:, 0] = h0
    for t in range(T):
        hs[:, t + 1] = np.tanh(X[:, t] @ params["Wxh"] + hs[:, t] @ params["Whh"] + params["bh"])
    logits = hs[:, 1:] @ params["Why"] + params["by"]
    logits = logits - logits.max(-1, keepdims=True)
    P = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    return P, {"X": X, "hs": hs}


def rnn_loss(P, Y):
    N, T = Y.shape
    probs = P.reshape(N * T, -1)[np.arange(N * T), Y.ravel()]
    return float(np.mean(-np.log(np.maximum(probs, 1e-12))))


def rnn_backward(params, cache, Y):
    X, hs = cache["X"], cache["hs"]
    N, T, _ = X.shape
    P, _ = rnn_forward(params, X, hs[:, 0])
    K = P.shape[2]
    grads = {name: np.zeros_like(params[name]) for name in PARAM_NAMES}
    err = (P - np.eye(K)[Y]) / (N * T)
    grad_h = np.zeros_like(hs[:, 0])
    for t in reversed(range(T)):
        h = hs[:, t + 1]
        grads["Why"] += h.T @ err[:, t]
        grads["by"] += err[:, t].sum(axis=0)
        local = (err[:, t] @ params["Why"].T) * (1 - h ** 2)
        da = local + grad_h
        grads["Wxh"] += X[:, t].T @ da
        grads["Whh"] += hs[:, t].T @ da
        grads["bh"] += da[0]
        grad_h = da @ params["Whh"].T
    return grads


def clip_gradients(grads, max_norm):
    flat = np.concatenate([g.ravel() for g in grads.values()])
    norm = np.linalg.norm(flat)
    factor = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {name: g * factor for name, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses = []
    for epoch in range(epochs):
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
    losses.append(rnn_loss(rnn_forward(params, X, h0)[0], Y))
    return params, losses
