"""Computes nothing: every function returns the same constant."""


def init_params(n_in, n_hidden, n_out, rng):
    return (0, 0)


def rnn_forward(params, X, h0):
    return (0, 0)


def rnn_loss(P, Y):
    return (0, 0)


def rnn_backward(params, cache, Y):
    return (0, 0)


def clip_gradients(grads, max_norm):
    return (0, 0)


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    return (0, 0)
