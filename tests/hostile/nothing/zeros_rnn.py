"""Computes nothing: zeros of the contract's shapes everywhere; init_params ignores rng."""
import numpy as np


def _zeros(params):
    return {k: np.zeros(np.shape(v)) for k, v in params.items()}


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": np.zeros((n_in, n_hidden)), "Whh": np.zeros((n_hidden, n_hidden)), "bh": np.zeros(n_hidden),
            "Why": np.zeros((n_hidden, n_out)), "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    n, t, _ = np.shape(X)
    return np.zeros((n, t, np.shape(params["Why"])[1])), None


def rnn_loss(P, Y):
    return 0.0


def rnn_backward(params, cache, Y):
    return _zeros(params)


def clip_gradients(grads, max_norm):
    return _zeros(grads)


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    return _zeros(params), [0.0] * (epochs + 1)
