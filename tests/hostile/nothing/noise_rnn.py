"""Computes nothing: the same pseudo-random numbers of the contract's shapes, whatever the inputs;
init_params draws from its own generator, not from rng."""
import numpy as np


def _noise(*shape):
    return np.random.default_rng(0).normal(size=shape)


def _like(params):
    return {k: _noise(*np.shape(v)) for k, v in params.items()}


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": _noise(n_in, n_hidden) * 0.3, "Whh": _noise(n_hidden, n_hidden) * 0.3, "bh": np.zeros(n_hidden),
            "Why": _noise(n_hidden, n_out) * 0.3, "by": np.zeros(n_out)}


def rnn_forward(params, X, h0):
    n, t, _ = np.shape(X)
    e = np.exp(_noise(n, t, np.shape(params["Why"])[1]))
    return e / e.sum(axis=2, keepdims=True), None


def rnn_loss(P, Y):
    return float(abs(_noise(1)[0]))


def rnn_backward(params, cache, Y):
    return _like(params)


def clip_gradients(grads, max_norm):
    return _like(grads)


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    return _like(params), list(np.abs(_noise(epochs + 1)))
