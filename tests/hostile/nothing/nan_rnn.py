"""Computes nothing: NaN arrays of the contract's shapes; init_params ignores rng and returns NaN."""
import numpy as np

nan = float("nan")


def _nan(params):
    return {k: np.full(np.shape(v), nan) for k, v in params.items()}


def init_params(n_in, n_hidden, n_out, rng):
    return _nan({"Wxh": np.zeros((n_in, n_hidden)), "Whh": np.zeros((n_hidden, n_hidden)), "bh": np.zeros(n_hidden),
                 "Why": np.zeros((n_hidden, n_out)), "by": np.zeros(n_out)})


def rnn_forward(params, X, h0):
    n, t, _ = np.shape(X)
    return np.full((n, t, np.shape(params["Why"])[1]), nan), None


def rnn_loss(P, Y):
    return nan


def rnn_backward(params, cache, Y):
    return _nan(params)


def clip_gradients(grads, max_norm):
    return _nan(grads)


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    return _nan(params), [nan] * (epochs + 1)
