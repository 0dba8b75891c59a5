"""Mutants of ``solutions/xor_mlp.py``: one catalogued mistake each.

The reference ``backward`` reads ``(X, H, Y_hat)`` from the cache. Mutants
that need the pre-activations recompute them from the parameters, so every
mutant runs on the reference's own cache.
"""
from __future__ import annotations

import numpy as np

from solutions import xor_mlp as _ref

from grader.diagnosis.mutants import Mutant
from grader.diagnosis.mutants.common import materialize, run_training

# --------------------------------------------------------------------------- a parametrised backward

_sig = _ref.sigmoid
_dsig = _ref.sigmoid_derivative


def _backward(params, cache, Y, *, out_delta=None, d_out=None, d_hidden=None, hidden_rule=None,
              dW1=None, dW2=None, db=None, rows=None, norm=None):
    """The reference backward with hooks; each mutant changes one of them.

    out_delta(Y_hat, Y, n) -> dL/dY_hat;  d_out(Z2, Y_hat) / d_hidden(Z1, H) -> local derivatives;
    hidden_rule(dH, Z1, H) -> dZ1 (replaces dH * d_hidden); dW1/dW2(X, H, dZ1, dZ2) -> weight gradients;
    db(dZ) -> bias gradients; rows: a slice of the samples kept (overwrite: the last one).
    """
    X, H, Y_hat = cache
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    Z1 = X @ W1 + b1
    Z2 = H @ W2 + b2
    n = Y.size if norm is None else norm(Y)
    if rows is not None:
        X, H, Y_hat, Y, Z1, Z2 = X[rows], H[rows], Y_hat[rows], Y[rows], Z1[rows], Z2[rows]
    dY_hat = 2.0 * (Y_hat - Y) / n if out_delta is None else out_delta(Y_hat, Y, n)
    dZ2 = dY_hat * (Y_hat * (1.0 - Y_hat) if d_out is None else d_out(Z2, Y_hat))
    dH = dZ2 @ W2.T
    if hidden_rule is not None:
        dZ1 = hidden_rule(dH, Z1, H)
    else:
        dZ1 = dH * (H * (1.0 - H) if d_hidden is None else d_hidden(Z1, H))
    reduce = (lambda d: d.sum(axis=0)) if db is None else db
    return {
        "W1": X.T @ dZ1 if dW1 is None else dW1(X, H, dZ1, dZ2),
        "b1": reduce(dZ1),
        "W2": H.T @ dZ2 if dW2 is None else dW2(X, H, dZ1, dZ2),
        "b2": reduce(dZ2),
    }


def _bw(**hooks):
    def backward(params, cache, Y):
        return _backward(params, cache, Y, **hooks)
    return backward


def backward_via_derivative(params, cache, Y):
    """Backward written with ``sigmoid_derivative(Z)`` (so a wrong derivative function shows)."""
    X, H, Y_hat = cache
    Z1 = X @ params["W1"] + params["b1"]
    Z2 = H @ params["W2"] + params["b2"]
    dZ2 = 2.0 * (Y_hat - Y) / Y.size * sigmoid_derivative(Z2)  # noqa: F821 - the mutant's own
    dZ1 = (dZ2 @ params["W2"].T) * sigmoid_derivative(Z1)  # noqa: F821
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dZ2, "b2": dZ2.sum(axis=0)}


def _g(mistake: str, name: str, **hooks) -> Mutant:
    return Mutant(mistake, name, {"backward": _bw(**hooks)}, "gradient")


MUTANTS = [
    # sign and constant factors (relations name these on gradients; the mutants explain training runs)
    _g("gradient-sign", "output error written Y - Y_hat", out_delta=lambda Yh, Y, n: 2.0 * (Y - Yh) / n),
    _g("gradient-scale", "factor 2 of the square dropped", out_delta=lambda Yh, Y, n: (Yh - Y) / n),
    _g("gradient-scale", "summed instead of averaged", out_delta=lambda Yh, Y, n: 2.0 * (Yh - Y)),
    _g("gradient-scale", "averaged over the samples only", out_delta=lambda Yh, Y, n: 2.0 * (Yh - Y) / Y.shape[0]),
    _g("gradient-scale", "an extra factor 2", out_delta=lambda Yh, Y, n: 4.0 * (Yh - Y) / n),
    # transposes built with a reshape (right shape, scrambled entries) and plain transposes
    _g("transposed-gradient", "dW1 = (dZ1.T @ X).reshape(W1.shape)",
       dW1=lambda X, H, dZ1, dZ2: (dZ1.T @ X).reshape(X.shape[1], dZ1.shape[1])),
    _g("transposed-gradient", "dW2 = (dZ2.T @ H).reshape(W2.shape)",
       dW2=lambda X, H, dZ1, dZ2: (dZ2.T @ H).reshape(H.shape[1], dZ2.shape[1])),
    # overwrite in a per-sample loop: only the last sample's terms survive
    _g("overwrite-not-accumulate", "per-sample loop with =, scaled by 1/(N n_out)", rows=slice(-1, None)),
    _g("overwrite-not-accumulate", "per-sample loop with =, each sample's own mean",
       rows=slice(-1, None), norm=lambda Y: Y.shape[1]),
    # bias gradients not reduced over the batch
    _g("bias-not-summed", "db = dZ[0] (the first sample's row)", db=lambda d: d[0]),
    _g("bias-not-summed", "db = dZ[-1] (the last sample's row)", db=lambda d: d[-1]),
    _g("bias-not-summed", "db = dZ.mean(axis=0) (averaged, not summed)", db=lambda d: d.mean(axis=0)),
    # derivative evaluated at the activation instead of the pre-activation
    _g("activation-derivative-at-output", "sigmoid_derivative(Y_hat) and sigmoid_derivative(H)",
       d_out=lambda Z2, Yh: _dsig(Yh), d_hidden=lambda Z1, H: _dsig(H)),
    _g("activation-derivative-at-output", "sigmoid_derivative(H) in the hidden layer",
       d_hidden=lambda Z1, H: _dsig(H)),
    _g("activation-derivative-at-output", "sigmoid_derivative(Y_hat) in the output layer",
       d_out=lambda Z2, Yh: _dsig(Yh)),
    # the a(1 - a) formula applied to the pre-activation
    _g("derivative-formula-on-preactivation", "Z * (1 - Z) in both layers",
       d_out=lambda Z2, Yh: Z2 * (1.0 - Z2), d_hidden=lambda Z1, H: Z1 * (1.0 - Z1)),
    _g("derivative-formula-on-preactivation", "Z1 * (1 - Z1) in the hidden layer",
       d_hidden=lambda Z1, H: Z1 * (1.0 - Z1)),
    _g("derivative-formula-on-preactivation", "Z2 * (1 - Z2) in the output layer",
       d_out=lambda Z2, Yh: Z2 * (1.0 - Z2)),
    # the derivative applied to the incoming gradient
    _g("activation-derivative-of-gradient", "dZ1 = sigmoid_derivative(dH)",
       hidden_rule=lambda dH, Z1, H: _dsig(dH)),
    _g("activation-derivative-of-gradient", "dZ1 = dH * sigmoid_derivative(dH)",
       hidden_rule=lambda dH, Z1, H: dH * _dsig(dH)),
    # weight gradient from another layer's input
    _g("wrong-layer-input", "dW2 = X.T @ dZ2", dW2=lambda X, H, dZ1, dZ2: X.T @ dZ2),
    _g("wrong-layer-input", "dW1 = H.T @ dZ1", dW1=lambda X, H, dZ1, dZ2: H.T @ dZ1),
]


# wrong formulas for the derivative itself (backward written with sigmoid_derivative(Z))
def _deriv_mutant(name: str, fn) -> Mutant:
    return Mutant("wrong-activation-derivative", name, {"sigmoid_derivative": fn, "backward": backward_via_derivative},
                  "forward")


MUTANTS += [
    _deriv_mutant("sigmoid' = 1 - sigmoid(z) (the square of the quotient rule forgotten)", lambda z: 1.0 - _sig(z)),
    _deriv_mutant("sigmoid' = sigmoid(z)", lambda z: _sig(z)),
    _deriv_mutant("sigmoid' = sigmoid(z) * (1 + sigmoid(z))", lambda z: _sig(z) * (1.0 + _sig(z))),
    _deriv_mutant("sigmoid' = exp(-z) / (1 + exp(z)) ** 2", lambda z: np.exp(-z) / (1.0 + np.exp(z)) ** 2),
    Mutant("derivative-formula-on-preactivation", "sigmoid_derivative(z) = z * (1 - z)",
           {"sigmoid_derivative": lambda z: np.asarray(z, dtype=float) * (1.0 - np.asarray(z, dtype=float)),
            "backward": backward_via_derivative}, "forward"),
]


# forward mistakes (they also explain gradients computed through the student's forward)
def forward_no_b2(params, X):
    H = sigmoid(X @ params["W1"] + params["b1"])  # noqa: F821
    Y_hat = sigmoid(H @ params["W2"])  # noqa: F821
    return Y_hat, (X, H, Y_hat)


def forward_no_b1(params, X):
    H = sigmoid(X @ params["W1"])  # noqa: F821
    Y_hat = sigmoid(H @ params["W2"] + params["b2"])  # noqa: F821
    return Y_hat, (X, H, Y_hat)


MUTANTS += [
    Mutant("wrong-forward", "output bias left out", {"forward": forward_no_b2}, "forward"),
    Mutant("wrong-forward", "hidden bias left out", {"forward": forward_no_b1}, "forward"),
]


# --------------------------------------------------------------------------- training mistakes


def _train(step):
    def train(params, X, Y, lr, epochs):
        params = {k: np.array(v, dtype=float) for k, v in params.items()}
        Y_hat, cache = forward(params, X)  # noqa: F821
        losses = [mse_loss(Y_hat, Y)]  # noqa: F821
        for _ in range(epochs):
            params = step(params, cache, X, Y, lr)
            Y_hat, cache = forward(params, X)  # noqa: F821
            losses.append(mse_loss(Y_hat, Y))  # noqa: F821
        return params, losses
    return train


def _ascent(params, cache, X, Y, lr):
    grads = _ref.backward(params, cache, Y)
    return {k: params[k] + lr * grads[k] for k in params}


def _multiplicative(params, cache, X, Y, lr):
    grads = _ref.backward(params, cache, Y)
    return {k: params[k] - lr * params[k] * grads[k] for k in params}


def _layer_by_layer(params, cache, X, Y, lr):
    """W2 and b2 are updated first and the hidden delta is taken through the new W2."""
    Xc, H, Y_hat = cache
    dZ2 = 2.0 * (Y_hat - Y) / Y.size * Y_hat * (1.0 - Y_hat)
    new = dict(params)
    new["W2"] = params["W2"] - lr * (H.T @ dZ2)
    new["b2"] = params["b2"] - lr * dZ2.sum(axis=0)
    dZ1 = (dZ2 @ new["W2"].T) * H * (1.0 - H)
    new["W1"] = params["W1"] - lr * (Xc.T @ dZ1)
    new["b1"] = params["b1"] - lr * dZ1.sum(axis=0)
    return new


MUTANTS += [
    Mutant("update-rule", "p += lr * grad (gradient ascent)", {"train": _train(_ascent)}, "training"),
    Mutant("update-rule", "p -= lr * p * grad", {"train": _train(_multiplicative)}, "training"),
    Mutant("update-rule", "W2 updated before the hidden delta is computed", {"train": _train(_layer_by_layer)},
           "training"),
]

# --------------------------------------------------------------------------- what evidence compares


def point(inputs):
    """(params, X, Y) from the evidence's inputs (a tuple, or a dict with those keys)."""
    inputs = materialize(inputs)
    if isinstance(inputs, dict):
        return inputs["params"], inputs["X"], inputs["Y"]
    params, X, Y = inputs[0], inputs[1], inputs[-1]
    return params, X, Y


def q_backward(ns, inputs, limit=None):
    params, X, Y = point(inputs)
    _, cache = ns["forward"](params, X)
    return dict(ns["backward"](params, cache, Y))


def q_forward(ns, inputs, limit=None):
    params, X = materialize(inputs)[:2]
    return {"Y_hat": ns["forward"](params, X)[0]}


def q_sigmoid_derivative(ns, inputs, limit=None):
    z = materialize(inputs)[0]
    return {"value": ns["sigmoid_derivative"](z)}


def q_train(ns, inputs, limit=None):
    return run_training(ns["train"], inputs, epochs_at=4, limit=limit)


QUANTITIES = {
    "backward": q_backward,
    "forward": q_forward,
    "sigmoid_derivative": q_sigmoid_derivative,
    "train": q_train,
}
#: where the learning rate is among positional inputs
RATE_AT = {"train": 3}
TRAINING = ("train",)
UPSTREAM = ("sigmoid", "sigmoid_derivative", "forward", "mse_loss", "backward")

# --------------------------------------------------------------------------- initialisation

SATURATED = 0.25  #: init-too-large above this fraction (the init check's own limit)


def _equal(a: np.ndarray, axis: int) -> bool:
    """All slices along ``axis`` equal (all columns for axis=1)."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        return bool(np.allclose(a, a[0], rtol=1e-9, atol=1e-12))
    first = np.take(a, [0], axis=axis)
    return bool(np.allclose(a, first, rtol=1e-9, atol=1e-12))


def symmetric(params: dict) -> bool:
    """Every hidden unit has the same incoming and outgoing weights and bias."""
    W1, W2 = params.get("W1"), params.get("W2")
    if W1 is None or W2 is None or np.ndim(W1) != 2 or np.shape(W1)[1] < 2:
        return False
    return _equal(W1, 1) and _equal(W2, 0) and _equal(np.ravel(params.get("b1", np.zeros(1))), 0)


def saturation(params: dict, X: np.ndarray) -> float:
    """Fraction of hidden and output pre-activations where sigmoid' < 0.018 (|z| > 4), as the init check."""
    Z1 = X @ params["W1"] + params["b1"]
    Z2 = _sig(Z1) @ params["W2"] + params["b2"]
    z = np.concatenate([Z1.ravel(), Z2.ravel()])
    return float(np.mean(np.abs(z) > 4.0))


def default_data(params: dict) -> np.ndarray:
    """Every binary input of the network's width (the four XOR points for two inputs)."""
    n_in = int(np.shape(params["W1"])[0])
    return np.array(np.meshgrid(*[[0.0, 1.0]] * n_in)).reshape(n_in, -1).T
