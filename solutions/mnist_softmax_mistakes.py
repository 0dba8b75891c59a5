"""Mutants of ``solutions/mnist_softmax.py``: one catalogued mistake each.

The reference cache is ``(inputs, P)`` with ``inputs = [X, A1, ..., A_{L-1}]``;
every mutant runs on it. ReLU's derivative taken at the output instead of
the input is *the same* function (``relu(z) > 0`` iff ``z > 0``), so
``activation-derivative-at-output`` has no mutant here: it cannot show.
"""
from __future__ import annotations

import numpy as np

from solutions import mnist_softmax as _ref

from grader.diagnosis.mutants import Mutant
from grader.diagnosis.mutants.common import materialize, run_training


def _backward(params, cache, y, *, out=None, act=None, dW=None, db=None, rows=None):
    """The reference backward with hooks.

    out(P, Y, N) -> dZ_L; act(dA, A_prev) -> dZ below a hidden layer (reference: dA * (A_prev > 0));
    dW(l, inputs, dZ) -> dW_l; db(dZ) -> db_l; rows: the samples kept (overwrite: the last one).
    """
    inputs, P = cache
    N, K = P.shape
    L = len(params) // 2
    Y = np.eye(K)[y]
    if rows is not None:
        inputs, P, Y = [a[rows] for a in inputs], P[rows], Y[rows]
    dZ = (P - Y) / N if out is None else out(P, Y, N)
    grads = {}
    for l in range(L, 0, -1):
        A_prev = inputs[l - 1]
        grads[f"W{l}"] = A_prev.T @ dZ if dW is None else dW(l, inputs, dZ)
        grads[f"b{l}"] = dZ.sum(axis=0) if db is None else db(dZ)
        if l > 1:
            dA = dZ @ params[f"W{l}"].T
            dZ = dA * (A_prev > 0) if act is None else act(dA, A_prev)
    return {k: grads[k] for k in params}


def _bw(**hooks):
    def backward(params, cache, y):
        return _backward(params, cache, y, **hooks)
    return backward


def _g(mistake: str, name: str, stage: str = "gradient", **hooks) -> Mutant:
    return Mutant(mistake, name, {"backward": _bw(**hooks)}, stage)


def _own_output(l, inputs, dZ):
    """dW_l from the layer's own output A_l (hidden layers above the first); shape errors elsewhere."""
    if l == 1 or l >= len(inputs):
        return inputs[l - 1].T @ dZ
    return inputs[l].T @ dZ


def _two_below(l, inputs, dZ):
    if l <= 2:
        return inputs[l - 1].T @ dZ
    return inputs[l - 2].T @ dZ


def _transposed_square(l, inputs, dZ):
    dW = dZ.T @ inputs[l - 1]
    return dW if dW.shape == (inputs[l - 1].shape[1], dZ.shape[1]) else dW.T


MUTANTS = [
    _g("gradient-sign", "dZ = (onehot(y) - P) / N", out=lambda P, Y, N: (Y - P) / N),
    _g("gradient-scale", "no division by the batch size", out=lambda P, Y, N: P - Y),
    _g("gradient-scale", "divided by the number of classes too", out=lambda P, Y, N: (P - Y) / (N * P.shape[1])),
    _g("gradient-scale", "an extra factor 2", out=lambda P, Y, N: 2.0 * (P - Y) / N),
    _g("transposed-gradient", "dW = dZ.T @ A_prev, transposed back only when the shape is off",
       dW=_transposed_square),
    _g("overwrite-not-accumulate", "per-sample loop with =, then / N", rows=slice(-1, None)),
    _g("bias-not-summed", "db = dZ[0]", db=lambda d: d[0]),
    _g("bias-not-summed", "db = dZ[-1]", db=lambda d: d[-1]),
    _g("bias-not-summed", "db = dZ.mean(axis=0) (averaged, not summed)", db=lambda d: d.mean(axis=0)),
    _g("activation-derivative-of-gradient", "dZ = relu'(dA)", act=lambda dA, A: (dA > 0).astype(float)),
    _g("activation-derivative-of-gradient", "dZ = dA * relu'(dA)", act=lambda dA, A: dA * (dA > 0)),
    _g("wrong-activation-derivative", "relu'(z) written max(z, 0)", act=lambda dA, A: dA * A),
    _g("wrong-activation-derivative", "relu'(z) taken as 1 everywhere", act=lambda dA, A: dA),
    _g("softmax-diagonal-jacobian", "(P - Y) * P * (1 - P): softmax through its diagonal",
       out=lambda P, Y, N: (P - Y) / N * P * (1.0 - P)),
    _g("softmax-diagonal-jacobian", "-Y / P * P * (1 - P): cross-entropy then the diagonal",
       out=lambda P, Y, N: -Y * (1.0 - P) / N),
    _g("wrong-layer-input", "dW_l from the layer's own output", dW=_own_output),
    _g("wrong-layer-input", "dW_l from the input two layers down", dW=_two_below),
]


# forward mistakes
def unstable_softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def forward_relu_output(params, X):
    L = len(params) // 2
    A = X
    inputs = []
    for l in range(1, L + 1):
        inputs.append(A)
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = np.maximum(Z, 0.0)
    P = softmax(A)  # noqa: F821
    return P, (inputs, P, Z)


def backward_relu_output(params, cache, y):
    """The exact gradient of the ReLU-on-the-output network (the student differentiated their own forward)."""
    inputs, P, Z_L = cache
    N, K = P.shape
    dZ = (P - np.eye(K)[y]) / N * (Z_L > 0)
    return _backward(params, (inputs, P), y, out=lambda P_, Y_, N_: dZ)


def backward_ignoring_extra(params, cache, y):
    return _ref.backward(params, cache[:2], y)


def forward_no_bias(params, X):
    L = len(params) // 2
    A = X
    inputs = []
    for l in range(1, L):
        inputs.append(A)
        A = np.maximum(A @ params[f"W{l}"], 0.0)
    inputs.append(A)
    P = softmax(A @ params[f"W{L}"])  # noqa: F821
    return P, (inputs, P)


MUTANTS += [
    Mutant("unstable-softmax", "exp(Z) / sum(exp(Z)) without subtracting the max", {"softmax": unstable_softmax},
           "forward"),
    Mutant("wrong-forward", "ReLU applied to the output layer too (backward through it as well)",
           {"forward": forward_relu_output, "backward": backward_relu_output}, "forward"),
    Mutant("wrong-forward", "ReLU applied to the output layer too (the reference's backward)",
           {"forward": forward_relu_output, "backward": backward_ignoring_extra}, "forward"),
    Mutant("wrong-forward", "biases left out", {"forward": forward_no_bias}, "forward"),
]


# training mistakes
def _train(step, batches):
    def train(params, X, y, lr, epochs, batch_size, rng):
        params = {k: np.array(v, dtype=float) for k, v in params.items()}
        N = X.shape[0]
        losses = [cross_entropy(forward(params, X)[0], y)]  # noqa: F821
        for _ in range(epochs):
            order = rng.permutation(N)
            for batch in batches(order, N, batch_size):
                _, cache = forward(params, X[batch])  # noqa: F821
                params = step(params, cache, y[batch], lr)
            losses.append(cross_entropy(forward(params, X)[0], y))  # noqa: F821
        return params, losses
    return train


def _all(order, N, bs):
    return [order[s:s + bs] for s in range(0, N, bs)]


def _full_only(order, N, bs):
    return [order[b * bs:(b + 1) * bs] for b in range(N // bs)]


def _but_last(order, N, bs):
    return [order[s:s + bs] for s in range(0, N - bs, bs)]


def _drop_one(order, N, bs):
    order = order[: N - 1]
    return [order[s:s + bs] for s in range(0, N - 1, bs)]


def _descent(params, cache, y, lr):
    g = _ref.backward(params, cache, y)
    return {k: params[k] - lr * g[k] for k in params}


def _ascent(params, cache, y, lr):
    g = _ref.backward(params, cache, y)
    return {k: params[k] + lr * g[k] for k in params}


def _multiplicative(params, cache, y, lr):
    g = _ref.backward(params, cache, y)
    return {k: params[k] - lr * params[k] * g[k] for k in params}


def _layer_by_layer(params, cache, y, lr):
    """Each layer is updated as soon as its gradient is known; the delta then goes through the new weights."""
    inputs, P = cache
    N, K = P.shape
    L = len(params) // 2
    params = dict(params)
    dZ = (P - np.eye(K)[y]) / N
    for l in range(L, 0, -1):
        A_prev = inputs[l - 1]
        params[f"W{l}"] = params[f"W{l}"] - lr * (A_prev.T @ dZ)
        params[f"b{l}"] = params[f"b{l}"] - lr * dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * (A_prev > 0)
    return params


MUTANTS += [
    Mutant("update-rule", "p += lr * grad (gradient ascent)", {"train": _train(_ascent, _all)}, "training"),
    Mutant("update-rule", "p -= lr * p * grad", {"train": _train(_multiplicative, _all)}, "training"),
    Mutant("update-rule", "each layer updated before the delta goes through it",
           {"train": _train(_layer_by_layer, _all)}, "training"),
    Mutant("skips-samples", "the last partial batch is dropped (N // batch_size steps)",
           {"train": _train(_descent, _full_only)}, "training"),
    Mutant("skips-samples", "range(0, N - batch_size, batch_size): the last batch is dropped",
           {"train": _train(_descent, _but_last)}, "training"),
    Mutant("skips-samples", "the last sample of the permutation is dropped", {"train": _train(_descent, _drop_one)},
           "training"),
]

# --------------------------------------------------------------------------- what evidence compares


def point(inputs):
    inputs = materialize(inputs)
    if isinstance(inputs, dict):
        return inputs["params"], inputs["X"], inputs.get("y", inputs.get("Y"))
    return inputs[0], inputs[1], inputs[-1]


def q_backward(ns, inputs, limit=None):
    params, X, y = point(inputs)
    _, cache = ns["forward"](params, X)
    return dict(ns["backward"](params, cache, np.asarray(y).astype(int)))


def q_forward(ns, inputs, limit=None):
    params, X = materialize(inputs)[:2]
    return {"P": ns["forward"](params, X)[0]}


def q_softmax(ns, inputs, limit=None):
    return {"P": ns["softmax"](materialize(inputs)[0])}


def q_train(ns, inputs, limit=None):
    return run_training(ns["train"], inputs, epochs_at=4, limit=limit)


QUANTITIES = {"backward": q_backward, "forward": q_forward, "softmax": q_softmax, "train": q_train}
#: where the learning rate is among positional inputs
RATE_AT = {"train": 3}
TRAINING = ("train",)
UPSTREAM = ("softmax", "cross_entropy", "one_hot", "forward", "backward")
LIMIT = 5  #: MNIST epochs are costly: compare the first few only

# --------------------------------------------------------------------------- initialisation

SATURATED = 0.25  #: init-too-large above this fraction (the init check's own limit)


def _layers(params: dict) -> int:
    return len([k for k in params if k.startswith("W")])


def _equal(a, axis: int) -> bool:
    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        return bool(np.allclose(a, a[0], rtol=1e-9, atol=1e-12))
    return bool(np.allclose(a, np.take(a, [0], axis=axis), rtol=1e-9, atol=1e-12))


def symmetric(params: dict) -> bool:
    """Some hidden layer's units all have equal incoming weights, biases and outgoing weights."""
    L = _layers(params)
    for l in range(1, L):
        W, b, W_next = params.get(f"W{l}"), params.get(f"b{l}"), params.get(f"W{l + 1}")
        if W is None or W_next is None or np.ndim(W) != 2 or np.shape(W)[1] < 2:
            continue
        if _equal(W, 1) and _equal(W_next, 0) and (b is None or _equal(np.ravel(b), 0)):
            return True
    return False


def saturation(params: dict, X: np.ndarray) -> float:
    """Fraction of samples whose softmax output is saturated at initialisation (top probability > 0.99, as the init check)."""
    L = _layers(params)
    A = X
    with np.errstate(all="ignore"):
        for l in range(1, L):
            A = np.maximum(A @ params[f"W{l}"] + params[f"b{l}"], 0.0)
        Z = A @ params[f"W{L}"] + params[f"b{L}"]
        top2 = np.sort(Z, axis=1)[:, -2:]
        gap = top2[:, 1] - top2[:, 0]
    return float(np.mean(~np.isfinite(gap) | (gap > np.log(99.0 * (Z.shape[1] - 1)))))
