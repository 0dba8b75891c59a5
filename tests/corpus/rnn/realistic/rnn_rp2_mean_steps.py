"""Assignment 4: a vanilla recurrent network trained with backpropagation through time.

A recurrent network reads a sequence x_1 ... x_T one step at a time and keeps
a hidden state h_t that summarises what it has seen so far. For a batch of N
sequences, X of shape (N, T, D), starting from the state h0 of shape (N, H):

    h_t = tanh(x_t @ Wxh + h_{t-1} @ Whh + bh)        t = 1 ... T
    P_t = softmax(h_t @ Why + by)                     class probabilities, (N, K)

and the loss is the mean cross-entropy over all N * T predictions,

    L = -mean_{n,t} log P[n, t, Y[n, t]].

Backpropagation through time (BPTT) runs the chain rule backwards from
t = T to t = 1. The state h_t influences the loss twice: through its own
output P_t, and through the next state h_{t+1}. So the gradient reaching h_t
is the sum

    dh_t = dZ_t @ Why.T + dh_next,      with dZ_t = (P_t - onehot(Y_t)) / (N * T)
    da_t = dh_t * (1 - h_t ** 2)         (tanh'(a) = 1 - tanh(a) ** 2)
    dh_next = da_t @ Whh.T               (carried back into h_{t-1})

and the weights, shared by all time steps, collect the sum over t:
dWxh = sum_t x_t.T @ da_t, dWhh = sum_t h_{t-1}.T @ da_t, dbh = sum_t da_t
summed over rows, and likewise dWhy, dby from dZ_t. Gradients through long
sequences can explode, so training clips them to a maximum global norm.

Parameters and gradients are dicts with keys "Wxh", "Whh", "bh", "Why",
"by"; biases are 1-D. Use NumPy only and never modify an argument in place.
"""

import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    """Random starting parameters for the recurrent network.

    Weights are normal with standard deviation 1 / sqrt(fan_in): random to
    break the symmetry between hidden units, and small enough that tanh does
    not saturate (where its derivative is ~0 and nothing is learnt).
    Biases start at zero.

    Args:
        n_in: input size D.
        n_hidden: hidden state size H.
        n_out: number of classes K.
        rng: a np.random.Generator, the only source of randomness.

    Returns:
        dict with "Wxh": (D, H), "Whh": (H, H), "bh": (H,), "Why": (H, K),
        "by": (K,).
    """
    return {
        "Wxh": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "Whh": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden),
        "bh": np.zeros(n_hidden),
        "Why": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "by": np.zeros(n_out),
    }


def rnn_forward(params, X, h0):
    """Run the network over whole sequences.

    h_t = tanh(x_t @ Wxh + h_{t-1} @ Whh + bh) for t = 1 ... T, then
    P_t = softmax(h_t @ Why + by), computed stably (subtract each row's max
    before exp, so that large logits do not overflow).

    Args:
        params: dict with "Wxh" (D, H), "Whh" (H, H), "bh" (H,),
            "Why" (H, K), "by" (K,).
        X: input sequences, shape (N, T, D).
        h0: initial hidden state, shape (N, H).

    Returns:
        (P, cache): P of shape (N, T, K) with P[:, t] the probabilities at
        step t, and whatever values `rnn_backward` needs later (here X, h0,
        all hidden states of shape (N, T, H), and P).
    """
    N, T, _ = X.shape
    hs = np.empty((N, T, params["Whh"].shape[0]))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"])
        hs[:, t] = h
    Z = hs @ params["Why"] + params["by"]                # (N, T, K), all steps at once
    E = np.exp(Z - Z.max(axis=2, keepdims=True))
    P = E / E.sum(axis=2, keepdims=True)
    return P, (X, h0, hs, P)


def rnn_loss(P, Y):
    """Mean cross-entropy over all sequences and time steps.

    L = -mean_{n,t} log P[n, t, Y[n, t]], with the probabilities clipped at
    1e-12 from below so that log never sees an exact 0.

    Args:
        P: probabilities, shape (N, T, K).
        Y: integer class labels, shape (N, T).

    Returns:
        The loss L, a float.
    """
    p_correct = np.take_along_axis(P, Y[..., None], axis=2)[..., 0]
    return float(-np.mean(np.log(np.maximum(p_correct, 1e-12))))


def rnn_backward(params, cache, Y):
    """Gradients of the loss for every parameter, by full BPTT (no truncation).

    Walk back from t = T to t = 1. The gradient reaching h_t is the sum of
    what comes from its own output, dZ_t @ Why.T with
    dZ_t = (P_t - onehot(Y_t)) / (N * T), and what comes from h_{t+1}
    (zero at t = T). Multiply by tanh'(a_t) = 1 - h_t ** 2 to get da_t, pass
    da_t @ Whh.T on to h_{t-1}, and add each step's contribution to the shared
    weights: x_t.T @ da_t to Wxh, h_{t-1}.T @ da_t to Whh (h0 at t = 1), the
    rows of da_t to bh, h_t.T @ dZ_t to Why and the rows of dZ_t to by.

    Args:
        params: dict with "Wxh", "Whh", "bh", "Why", "by".
        cache: the cache returned by `rnn_forward(params, X, h0)`.
        Y: integer class labels, shape (N, T).

    Returns:
        dict with "Wxh", "Whh", "bh", "Why", "by", each of the same shape as
        the matching parameter.
    """
    X, h0, hs, P = cache
    N, T, K = P.shape
    D, H = X.shape[2], hs.shape[2]
    # Softmax + cross-entropy: the gradient of the logits is P - onehot(Y),
    # divided by N * T because the loss is a mean over both.
    dZ = (P - np.eye(K)[Y]) / max(N * T, 1)      # per-sample error
    dhs = dZ @ params["Why"].T              # what each h_t receives from its own output
    da = np.empty_like(hs)                   # gradient of each step's pre-activation
    dh_next = np.zeros((N, H))               # what h_t receives from step t + 1
    for t in reversed(range(T)):
        dh = dhs[:, t] + dh_next
        da[:, t] = dh * (1.0 - hs[:, t] ** 2)   # tanh' written with the output h_t
        # h_{t-1} entered step t through h_{t-1} @ Whh, so its gradient is da_t @ Whh.T.
        dh_next = da[:, t] @ params["Whh"].T
    # The weights are shared by every step: their gradients sum over n and t,
    # which the reshapes to (N * T, ...) do in one matrix product each.
    h_prev = np.concatenate([h0[:, None], hs[:, :-1]], axis=1)   # h_{t-1} for t = 1 ... T
    return {
        "Wxh": np.einsum("nti,ntj->ntij", X, da).mean(axis=(0, 1)),
        "Whh": np.einsum("nti,ntj->ntij", h_prev, da).mean(axis=(0, 1)),
        "bh": da.mean(axis=(0, 1)),
        "Why": np.einsum("nti,ntj->ntij", hs, dZ).mean(axis=(0, 1)),
        "by": dZ.mean(axis=(0, 1)),
    }


def clip_gradients(grads, max_norm):
    """Rescale the gradients together when their global norm is too large.

    The global norm is the L2 norm of all gradient entries together,
    sqrt(sum over every array g of sum(g ** 2)). Every gradient is multiplied
    by min(1, max_norm / global_norm): unchanged when the norm is at most
    max_norm, otherwise scaled down to norm max_norm, direction unchanged.

    Args:
        grads: dict of gradient arrays; not modified.
        max_norm: the largest allowed global norm, a positive float.

    Returns:
        A new dict with the same keys and shapes.
    """
    global_norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = 1.0 if global_norm == 0 else min(1.0, max_norm / global_norm)
    return {k: g * scale for k, g in grads.items()}


def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    """Full-batch gradient descent on clipped gradients.

    Each epoch: forward over all sequences, BPTT, clip the gradients to
    global norm max_norm, then p <- p - lr * clipped_grad for every parameter.

    Args:
        params: starting parameters (see `init_params`); not modified.
        X: input sequences, shape (N, T, D).
        Y: integer class labels, shape (N, T).
        h0: initial hidden state, shape (N, H).
        lr: learning rate, a positive float.
        epochs: number of gradient steps, an int >= 0.
        max_norm: clipping threshold for the global gradient norm.

    Returns:
        (params, losses): a new dict of trained parameters, and a list of
        epochs + 1 floats, losses[0] the loss at the starting parameters and
        losses[k] the loss after epoch k.
    """
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for _ in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
