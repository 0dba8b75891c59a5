"""Mutants of ``solutions/layers.py``: one catalogued mistake each (grader-side only: they contain the answer).

Each mutant replaces one layer function; the model answer's caches are ``(x, w, b)`` for affine, ``x`` for
relu and the output ``s`` for sigmoid. Evidence of a failed layer check is the layer's inputs and the
upstream gradient; the quantities recompute the backward's result under a namespace.
"""
from __future__ import annotations

import numpy as np

from solutions import layers as _ref

from grader.diagnosis.mutants import Mutant
from grader.diagnosis.mutants.common import materialize


def _affine(dx=None, dw=None, db=None):
    def affine_backward(dout, cache):
        x, w, b = cache
        return (dout @ w.T if dx is None else dx(dout, x, w),
                x.T @ dout if dw is None else dw(dout, x, w),
                dout.sum(axis=0) if db is None else db(dout))
    return affine_backward


def _logit(s):
    """The pre-activation a sigmoid output came from."""
    return np.log(s) - np.log1p(-s)


def _softmax_not_averaged(x, y):
    """The model answer's softmax_loss, its gradient not divided by N."""
    loss, dx = _ref.softmax_loss(x, y)
    return loss, dx * len(y)


MUTANTS = [
    Mutant("transposed-gradient", "dw = (dout.T @ x).reshape(w.shape)",
           {"affine_backward": _affine(dw=lambda d, x, w: (d.T @ x).reshape(w.shape))}),
    Mutant("transposed-gradient", "dx = (w @ dout.T).reshape(x.shape)",
           {"affine_backward": _affine(dx=lambda d, x, w: (w @ d.T).reshape(x.shape))}),
    Mutant("bias-not-summed", "db = dout.mean(axis=0)", {"affine_backward": _affine(db=lambda d: d.mean(axis=0))}),
    Mutant("bias-not-summed", "db = dout[0]", {"affine_backward": _affine(db=lambda d: d[0])}),
    Mutant("upstream-gradient-ignored", "sigmoid_backward without dout",
           {"sigmoid_backward": lambda dout, s: s * (1 - s)}),
    Mutant("upstream-gradient-ignored", "relu_backward without dout",
           {"relu_backward": lambda dout, x: (x > 0).astype(float)}),
    Mutant("upstream-gradient-ignored", "affine_backward's dx without dout",
           {"affine_backward": _affine(dx=lambda d, x, w: np.ones_like(d) @ w.T)}),
    Mutant("wrong-activation-derivative", "sigmoid' as s * (1 - s) of the cached output twice",
           {"sigmoid_backward": lambda dout, s: dout * (1 / (1 + np.exp(-s))) * (1 - 1 / (1 + np.exp(-s)))}),
    Mutant("wrong-activation-derivative", "sigmoid' as 1 - s", {"sigmoid_backward": lambda dout, s: dout * (1 - s)}),
    Mutant("derivative-formula-on-preactivation", "x * (1 - x) on the pre-activation x",
           {"sigmoid_backward": lambda dout, s: dout * _logit(s) * (1 - _logit(s))}),
    Mutant("transposed-gradient", "dx = dout @ w (a square layer)",
           {"affine_backward": _affine(dx=lambda d, x, w: d @ w)}),
    Mutant("gradient-scale", "softmax_loss's dx not divided by N", {"softmax_loss": _softmax_not_averaged}),
    Mutant("wrong-activation-derivative", "relu' as relu itself: dout * max(x, 0)",
           {"relu_backward": lambda dout, x: dout * np.maximum(x, 0)}),
]


def q_layer(forward: str, backward: str, names: tuple[str, ...]):
    def quantity(ns, inputs, limit=None):
        inputs = materialize(inputs)
        _, cache = ns[forward](*(inputs[n] for n in names))
        out = ns[backward](inputs["dout"], cache)
        out = out if isinstance(out, tuple) else (out,)
        return {f"d{n}": v for n, v in zip(names, out)}
    return quantity


def q_loss(fn: str):
    def quantity(ns, inputs, limit=None):
        inputs = materialize(inputs)
        return {"dx": ns[fn](inputs["x"], inputs["y"])[1]}
    return quantity


QUANTITIES = {"affine_backward": q_layer("affine_forward", "affine_backward", ("x", "w", "b")),
              "relu_backward": q_layer("relu_forward", "relu_backward", ("x",)),
              "sigmoid_backward": q_layer("sigmoid_forward", "sigmoid_backward", ("x",)),
              "softmax_loss": q_loss("softmax_loss"), "mse_loss": q_loss("mse_loss")}
UPSTREAM = ()


def sample_inputs() -> dict[str, list[dict]]:
    """Non-square layers, a random upstream gradient: every mutant differs from the model answer."""
    rng = np.random.default_rng(20261205)
    x, w, b = rng.normal(size=(5, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    z = rng.normal(0, 1.5, (5, 4))
    return {"affine_backward": [{"x": x, "w": w, "b": b, "dout": rng.normal(size=(5, 3))},
                                {"x": rng.normal(size=(4, 4)), "w": rng.normal(size=(4, 4)), "b": b[:1].repeat(4),
                                 "dout": rng.normal(size=(4, 4))}],
            "relu_backward": [{"x": z, "dout": rng.normal(size=(5, 4))}],
            "sigmoid_backward": [{"x": z, "dout": rng.normal(size=(5, 4))}],
            "softmax_loss": [{"x": rng.normal(size=(6, 4)), "y": np.array([0, 3, 1, 2, 3, 0])}]}
