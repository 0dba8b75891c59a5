"""Computes nothing: infinite arrays of the contract's shapes; init_params ignores rng and returns inf."""
import numpy as np

inf = float("inf")


def _inf(params):
    return {k: np.full(np.shape(v), inf) for k, v in params.items()}


def init_params(n_in, n_hidden, n_out, rng):
    return _inf({"Wxh": np.zeros((n_in, n_hidden)), "Whh": np.zeros((n_hidden, n_hidden)), "bh": np.zeros(n_hidden),
                 "Why": np.zeros((n_hidden, n_out)), "by": np.zeros(n_out)})


def rnn_forward(params, X, h0):
    n, t, _ = np.shape(X)
    return np.full((n, t, np.shape(params["Why"])[1]), inf), None


def rnn_loss(P, Y):
    return inf


def rnn_backward(params, cache, Y):
    return _inf(params)


def clip_gradients(grads, max_norm):
    return _inf(grads)


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    return _inf(params), [inf] * (epochs + 1)
