"""Mutants of ``solutions/two_hidden_mlp.py``: one catalogued mistake each (grader-side only: contains the answer).

The backward below is the model answer's, with hooks; each mutant changes one of them. Evidence arrives
with parameters as a dict by name (the checks' internal form); the quantities turn it into the
contract's list.
"""
from __future__ import annotations

import numpy as np

from solutions import two_hidden_mlp as _ref

from grader.diagnosis.mutants import Mutant
from grader.diagnosis.mutants.common import materialize, trajectory

NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")
_sig = _ref.sigmoid


def _backward(activations, targets, parameters, *, local=None, weight=None, bias=None, layers=(1, 2, 3),
              inputs=None):
    """The model answer's backward; ``local(h)`` is sigmoid' from the stored activation, ``weight(d, a)`` a
    weight gradient, ``bias(d)`` a bias gradient, applied to the layers in ``layers``; ``inputs`` maps a
    layer to the activation its weight gradient uses instead of its own input."""
    X, h1, h2, out = activations
    W1, b1, W2, b2, W3, b3 = parameters
    acts = {1: X, 2: h1, 3: h2}

    def d_act(h, layer):
        return local(h) if local is not None and layer in layers else h * (1.0 - h)

    d3 = deriv_squared_loss(out, targets)
    d2 = (W3.T @ d3) * d_act(h2, 2)
    d1 = (W2.T @ d2) * d_act(h1, 1)
    grads = []
    for layer, d in ((1, d1), (2, d2), (3, d3)):
        a = acts[(inputs or {}).get(layer, layer)]
        w = weight(d, a) if weight is not None and layer in layers else d @ a.T
        b = bias(d) if bias is not None and layer in layers else d.sum(axis=1, keepdims=True)
        grads += [w, b]
    return grads


def deriv_squared_loss(predictions, targets):  # the model answer's, re-bound per mutant
    return _ref.deriv_squared_loss(predictions, targets)


def _bw(**hooks):
    def backward(activations, targets, parameters):
        return _backward(activations, targets, parameters, **hooks)
    return backward


def _g(mistake: str, name: str, **hooks) -> Mutant:
    return Mutant(mistake, name, {"backward": _bw(**hooks)}, "gradient")


def _last_sample_only(scale_by_batch: bool):
    """A per-sample loop that assigns (=) instead of adding (+=): the last column's gradient survives."""
    def backward(activations, targets, parameters):
        B = targets.shape[1]
        grads = _backward([a[:, -1:] for a in activations], targets[:, -1:], parameters)
        return [g / B for g in grads] if scale_by_batch else grads
    return backward


def _at_output(h):
    s = _sig(h)
    return s * (1.0 - s)


def _train(update, stale: bool = False):
    """The model answer's training loop with another update step, or (``stale``) with the gradient always
    taken at the starting parameters' activations (the forward pass not re-run for the gradient)."""
    def train(parameters, X, Y, lr, epochs):
        parameters = [np.array(p, dtype=float) for p in parameters]
        acts = forward(parameters, X)  # noqa: F821 - bound to the model answer's namespace
        first = acts
        losses = [squared_loss(acts[-1], Y)]  # noqa: F821
        for _ in range(epochs):
            grads = backward(first if stale else acts, Y, parameters)  # noqa: F821
            parameters = [update(p, g, lr) for p, g in zip(parameters, grads)]
            acts = forward(parameters, X)  # noqa: F821
            losses.append(squared_loss(acts[-1], Y))  # noqa: F821
        return parameters, losses
    return train


MUTANTS = [
    # the derivative of the sigmoid taken at its output: sigmoid'(h) with h already sigmoid(z)
    _g("activation-derivative-at-output", "sigmoid'(hid) in both hidden layers", local=_at_output),
    _g("activation-derivative-at-output", "sigmoid'(hid_2) in the second hidden layer", local=_at_output,
       layers=(2,)),
    _g("activation-derivative-at-output", "sigmoid'(hid_1) in the first hidden layer", local=_at_output,
       layers=(1,)),
    # weight gradients transposed, reshaped to the weight's shape (the shape check tells plain transposes)
    _g("transposed-gradient", "dW = (a @ delta.T).reshape(W.shape)",
       weight=lambda d, a: (a @ d.T).reshape(d.shape[0], a.shape[0])),
    # bias gradient not summed over the batch columns
    _g("bias-not-summed", "db = delta[:, :1] (the first column)", bias=lambda d: d[:, :1]),
    _g("bias-not-summed", "db = delta.mean(axis=1) (averaged, not summed)", bias=lambda d: d.mean(axis=1,
                                                                                                  keepdims=True)),
    # a weight gradient with another layer's input (shapes allow it on square layers)
    _g("wrong-layer-input", "dW2 = delta2 @ X.T", inputs={2: 1}),
    _g("wrong-layer-input", "dW3 = delta3 @ hid_1.T", inputs={3: 2}),
    # a per-sample loop that overwrites (=) instead of accumulating (+=)
    Mutant("overwrite-not-accumulate", "per-sample loop with =: the last column's gradient",
           {"backward": _last_sample_only(False)}, "gradient"),
    Mutant("overwrite-not-accumulate", "per-sample loop with =, divided by the batch size",
           {"backward": _last_sample_only(True)}, "gradient"),
    # a lost / batch_size, an extra factor 2, the sign of the output error
    Mutant("gradient-scale", "deriv_squared_loss without / batch_size",
           {"deriv_squared_loss": lambda p, t: p - t}, "gradient"),
    Mutant("gradient-scale", "deriv_squared_loss with a factor 2", {"deriv_squared_loss": lambda p, t: 2 * (p - t)
                                                                    / p.shape[1]}, "gradient"),
    Mutant("gradient-sign", "deriv_squared_loss as targets - predictions",
           {"deriv_squared_loss": lambda p, t: (t - p) / p.shape[1]}, "gradient"),
    # the update step
    Mutant("update-rule", "p + lr * g (gradient ascent)", {"train": _train(lambda p, g, lr: p + lr * g)},
           "training"),
    Mutant("update-rule", "p - lr * p * g", {"train": _train(lambda p, g, lr: p - lr * p * g)}, "training"),
    Mutant("update-rule", "every step's gradient taken at the starting activations (forward not re-run)",
           {"train": _train(lambda p, g, lr: p - lr * g, stale=True)}, "training"),
]

# --------------------------------------------------------------------------- what evidence compares


def _point(inputs):
    inputs = materialize(inputs)
    params = inputs["params"]
    return [np.asarray(params[k], dtype=float) for k in NAMES], inputs["X"], inputs["Y"]


def q_backward(ns, inputs, limit=None):
    params, X, Y = _point(inputs)
    return dict(zip(NAMES, ns["backward"](ns["forward"](params, X), Y, params)))


def q_train(ns, inputs, limit=None):
    params, X, Y = _point(inputs)
    inputs = materialize(inputs)

    def unpack(out):
        return dict(zip(NAMES, out[0])), out[1]
    return trajectory(lambda a, kw: ns["train"](*a), [params, X, Y, inputs["lr"], inputs["epochs"]], 4, limit,
                      unpack)


QUANTITIES = {"backward": q_backward, "train": q_train}

RATE_AT = {"train": 3}
TRAINING = ("train",)
UPSTREAM = ("sigmoid", "forward", "squared_loss", "deriv_squared_loss", "backward")
