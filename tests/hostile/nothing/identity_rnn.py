"""Computes nothing: every function hands back its inputs (arranged to the contract where they fit)."""
import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    return {"Wxh": np.full((n_in, n_hidden), float(n_in)), "Whh": np.full((n_hidden, n_hidden), float(n_hidden)),
            "bh": np.full(n_hidden, float(n_hidden)), "Why": np.full((n_hidden, n_out), float(n_out)),
            "by": np.full(n_out, float(n_out))}


def rnn_forward(params, X, h0):
    return X, X


def rnn_loss(P, Y):
    return P


def rnn_backward(params, cache, Y):
    return params


def clip_gradients(grads, max_norm):
    return grads


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    return params, [lr] * (epochs + 1)
