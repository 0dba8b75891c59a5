"""Mutants of ``solutions/linear_regression.py``: one catalogued mistake each.

The function bodies are written the way students write the mistake (see the
corpus in ``tests/corpus/linear_regression/mistakes``). Names used inside an
override (``predict``, ``mse_loss``, ``mse_gradients``, ``np``) resolve in
the mutant's own namespace, so an override of ``mse_gradients`` is what the
mutant's ``gradient_descent`` steps on.
"""
from __future__ import annotations

import numpy as np

from grader.diagnosis.mutants import Mutant
from grader.diagnosis.mutants.common import materialize, run_training

# --------------------------------------------------------------------------- gradient mistakes


def grad_sign(X, y, w, b):
    r = y - predict(X, w, b)  # noqa: F821 - resolved in the mutant's namespace
    return (2.0 / len(y)) * (X.T @ r), 2.0 * float(np.mean(r))


def grad_sum(X, y, w, b):
    r = predict(X, w, b) - y  # noqa: F821
    return 2.0 * (X.T @ r), 2.0 * float(np.sum(r))


def grad_no_two(X, y, w, b):
    r = predict(X, w, b) - y  # noqa: F821
    return (X.T @ r) / len(y), float(np.mean(r))


def grad_over_features(X, y, w, b):
    r = predict(X, w, b) - y  # noqa: F821
    return (2.0 / X.shape[1]) * (X.T @ r), 2.0 * float(np.sum(r)) / X.shape[1]


def grad_overwrite_mean(X, y, w, b):
    # for i in range(N): err = X[i] @ w + b - y[i]; dw = 2 * err * X[i]; db = 2 * err   (then / N)
    # leaves the last sample's terms only (written without the loop, for speed)
    err = X[-1] @ w + b - y[-1]
    return 2 * err * X[-1] / len(y), 2 * err / len(y)


def grad_overwrite(X, y, w, b):
    err = X[-1] @ w + b - y[-1]
    return 2 * err * X[-1], 2 * err


def sgd_via_gradients(X, y, lr, epochs, rng, w0=None, b0=0.0):
    """SGD written with ``mse_gradients`` on one-sample slices (many students do)."""
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]  # noqa: F821
    for _ in range(epochs):
        for i in rng.permutation(X.shape[0]):
            dw, db = mse_gradients(X[i:i + 1], y[i:i + 1], w, b)  # noqa: F821
            w = w - lr * dw
            b = b - lr * db
        losses.append(mse_loss(X, y, w, b))  # noqa: F821
    return w, b, losses


def _gradient_mutant(name: str, fn, label: str) -> Mutant:
    mistake = {"sign": "gradient-sign", "sum": "gradient-scale", "no_two": "gradient-scale",
               "features": "gradient-scale", "overwrite_mean": "overwrite-not-accumulate",
               "overwrite": "overwrite-not-accumulate"}[name]
    return Mutant(mistake, label, {"mse_gradients": fn, "sgd": sgd_via_gradients}, "gradient")


# --------------------------------------------------------------------------- training mistakes


def gd_ascent(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]  # noqa: F821
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)  # noqa: F821
        w = w + lr * dw
        b = b + lr * db
        losses.append(mse_loss(X, y, w, b))  # noqa: F821
    return w, b, losses


def gd_sequential_b(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]  # noqa: F821
    for _ in range(epochs):
        dw, _ = mse_gradients(X, y, w, b)  # noqa: F821
        w = w - lr * dw
        _, db = mse_gradients(X, y, w, b)  # noqa: F821
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))  # noqa: F821
    return w, b, losses


def gd_sequential_w(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]  # noqa: F821
    for _ in range(epochs):
        _, db = mse_gradients(X, y, w, b)  # noqa: F821
        b = b - lr * db
        dw, _ = mse_gradients(X, y, w, b)  # noqa: F821
        w = w - lr * dw
        losses.append(mse_loss(X, y, w, b))  # noqa: F821
    return w, b, losses


def gd_multiplicative(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]  # noqa: F821
    for _ in range(epochs):
        dw, db = mse_gradients(X, y, w, b)  # noqa: F821
        w = w - lr * w * dw
        b = b - lr * b * db
        losses.append(mse_loss(X, y, w, b))  # noqa: F821
    return w, b, losses


def gd_drops_last(X, y, lr, epochs, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]  # noqa: F821
    for _ in range(epochs):
        dw, db = mse_gradients(X[:-1], y[:-1], w, b)  # noqa: F821
        w = w - lr * dw
        b = b - lr * db
        losses.append(mse_loss(X, y, w, b))  # noqa: F821
    return w, b, losses


def _sgd(order, update="descent"):
    """An SGD loop whose visiting order (and update) is the mistake."""
    def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
        w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
        b = float(b0)
        losses = [mse_loss(X, y, w, b)]  # noqa: F821
        for _ in range(epochs):
            for i in order(rng, X.shape[0]):
                r = X[i] @ w + b - y[i]
                if update == "ascent":
                    w, b = w + lr * 2.0 * r * X[i], b + lr * 2.0 * r
                elif update == "sequential":
                    w = w - lr * 2.0 * r * X[i]
                    b = b - lr * 2.0 * (X[i] @ w + b - y[i])
                elif update == "multiplicative":
                    w, b = w - lr * w * 2.0 * r * X[i], b - lr * b * 2.0 * r
                else:
                    w, b = w - lr * 2.0 * r * X[i], b - lr * 2.0 * r
            losses.append(mse_loss(X, y, w, b))  # noqa: F821
        return w, b, losses
    return sgd


def _perm(rng, n):
    return rng.permutation(n)


def _perm_but_last(rng, n):
    return rng.permutation(n)[: n - 1]


def _perm_but_first(rng, n):
    return rng.permutation(n)[1:]


def _perm_of_n_minus_1(rng, n):
    return rng.permutation(n - 1)


MUTANTS = [
    _gradient_mutant("sign", grad_sign, "residual written y - prediction"),
    _gradient_mutant("sum", grad_sum, "sum over the samples instead of the mean"),
    _gradient_mutant("no_two", grad_no_two, "factor 2 of the square dropped"),
    _gradient_mutant("features", grad_over_features, "divided by the number of features instead of samples"),
    _gradient_mutant("overwrite_mean", grad_overwrite_mean, "per-sample loop with = instead of +=, then / N"),
    _gradient_mutant("overwrite", grad_overwrite, "per-sample loop with = instead of +="),
    Mutant("update-rule", "w += lr * dw (gradient ascent)", {"gradient_descent": gd_ascent,
                                                              "sgd": _sgd(_perm, "ascent")}, "training"),
    Mutant("update-rule", "b stepped on a gradient taken after w moved",
           {"gradient_descent": gd_sequential_b, "sgd": _sgd(_perm, "sequential")}, "training"),
    Mutant("update-rule", "w stepped on a gradient taken after b moved", {"gradient_descent": gd_sequential_w},
           "training"),
    Mutant("update-rule", "w -= lr * w * dw", {"gradient_descent": gd_multiplicative,
                                               "sgd": _sgd(_perm, "multiplicative")}, "training"),
    Mutant("skips-samples", "the last sample of the permutation is never visited", {"sgd": _sgd(_perm_but_last)},
           "training"),
    Mutant("skips-samples", "the first sample of the permutation is never visited", {"sgd": _sgd(_perm_but_first)},
           "training"),
    Mutant("skips-samples", "rng.permutation(N - 1): the last sample is never visited",
           {"sgd": _sgd(_perm_of_n_minus_1)}, "training"),
    Mutant("skips-samples", "gradient of the first N - 1 samples only", {"gradient_descent": gd_drops_last},
           "training"),
]

# --------------------------------------------------------------------------- what evidence compares


def q_gradients(ns, inputs, limit=None):
    X, y, w, b = materialize(inputs)[:4]
    dw, db = ns["mse_gradients"](X, y, w, b)
    return {"w": np.asarray(dw, dtype=float).ravel(), "b": np.asarray(db, dtype=float).reshape(())}


def q_gradient_descent(ns, inputs, limit=None):
    return run_training(ns["gradient_descent"], inputs, epochs_at=3, limit=limit)


def q_sgd(ns, inputs, limit=None):
    return run_training(ns["sgd"], inputs, epochs_at=3, limit=limit)


QUANTITIES = {
    "mse_gradients": q_gradients,
    "gradient_descent": q_gradient_descent,
    "sgd": q_sgd,
}

#: A failed check of one of these makes the training dynamics unjudgeable.
UPSTREAM = ("predict", "mse_loss", "mse_gradients")

#: The parameters whose Hessian bounds the learning rate (least squares: 2 / lambda_max).
def largest_stable_rate(X) -> float:
    A = np.hstack([np.asarray(X, dtype=float), np.ones((len(X), 1))])
    return 2.0 / float(np.linalg.eigvalsh(2.0 / len(X) * A.T @ A)[-1])

#: The training functions (their evidence is a trajectory).
#: where the learning rate is among positional inputs
RATE_AT = {"gradient_descent": 2, "sgd": 2}
TRAINING = ("gradient_descent", "sgd")
