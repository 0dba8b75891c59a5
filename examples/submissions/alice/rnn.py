"""
Vanilla RNN trained with BPTT.
Based on Karpathy's min-char-rnn (per-time-step dictionaries xs, hs, ps),
adapted so that every time step processes a whole batch of sequences (rows).
"""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    Wxh = rng.standard_normal((n_in, n_hidden)) * np.sqrt(1.0 / n_in)
    Whh = rng.standard_normal((n_hidden, n_hidden)) * np.sqrt(1.0 / n_hidden)
    Why = rng.standard_normal((n_hidden, n_out)) * np.sqrt(1.0 / n_hidden)
    bh = np.zeros(n_hidden)
    by = np.zeros(n_out)
    return {"Wxh": Wxh, "Whh": Whh, "bh": bh, "Why": Why, "by": by}


def rnn_forward(params, X, h0):
    Wxh, Whh, bh = params["Wxh"], params["Whh"], params["bh"]
    Why, by = params["Why"], params["by"]
    N, T, D = X.shape
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(h0)
    for t in range(T):
        xs[t] = X[:, t, :]                                               # (N, D)
        hs[t] = np.tanh(np.dot(xs[t], Wxh) + np.dot(hs[t - 1], Whh) + bh)  # (N, H)
        ys[t] = np.dot(hs[t], Why) + by                                  # unnormalized log probs
        ys[t] = ys[t] - np.max(ys[t], axis=1, keepdims=True)
        ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]), axis=1, keepdims=True)
    P = np.stack([ps[t] for t in range(T)], axis=1)                      # (N, T, K)
    cache = (xs, hs, ps)
    return P, cache


def rnn_loss(P, Y):
    N, T = Y.shape
    loss = 0.0
    for t in range(T):
        p_correct = P[np.arange(N), t, Y[:, t]]
        loss += -np.sum(np.log(np.maximum(p_correct, 1e-12)))
    return loss / (N * T)


def rnn_backward(params, cache, Y):
    Wxh, Whh, Why = params["Wxh"], params["Whh"], params["Why"]
    xs, hs, ps = cache
    N, T = Y.shape
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(params["bh"]), np.zeros_like(params["by"])
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(T)):
        dy = np.copy(ps[t])
        dy[np.arange(N), Y[:, t]] -= 1        # backprop into y
        dy /= (N * T)                         # loss is a mean over batch and time
        dWhy += np.dot(hs[t].T, dy)
        dby += np.sum(dy, axis=0)
        dh = np.dot(dy, Why.T) + dhnext       # backprop into h
        dhraw = (1 - hs[t] * hs[t]) * dh      # backprop through tanh nonlinearity
        dbh += np.sum(dhraw, axis=0)
        dWxh += np.dot(xs[t].T, dhraw)
        dWhh += np.dot(hs[t - 1].T, dhraw)
        dhnext = np.dot(dhraw, Whh.T)
    return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}


def clip_gradients(grads, max_norm):
    total = 0.0
    for k in grads:
        total += np.sum(grads[k] ** 2)
    norm = np.sqrt(total)
    scale = 1.0
    if norm > max_norm:
        scale = max_norm / norm
    return {k: grads[k] * scale for k in grads}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: np.copy(v) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for epoch in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses


if __name__ == "__main__":
    data = open("input.txt", "r").read()
    chars = sorted(list(set(data)))
    vocab_size = len(chars)
    char_to_ix = {ch: i for i, ch in enumerate(chars)}
    seq_length = 25
    n_seq = (len(data) - 1) // seq_length
    ids = np.array([char_to_ix[c] for c in data[:n_seq * seq_length + 1]])
    inputs = np.eye(vocab_size)[ids[:-1].reshape(n_seq, seq_length)]
    targets = ids[1:].reshape(n_seq, seq_length)
    rng = np.random.default_rng(0)
    params = init_params(vocab_size, 100, vocab_size, rng)
    params, losses = train(params, inputs, targets, np.zeros((n_seq, 100)), 1e-1, 500)
    print(losses[::50])
