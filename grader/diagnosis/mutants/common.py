"""Helpers shared by the mutant modules: turning evidence inputs into real arguments."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ...sandbox.session import Rng


def materialize(value: Any) -> Any:
    """The evidence's inputs as the reference expects them: fresh copies, real generators.

    ``Rng(seed)`` stands for ``np.random.default_rng(seed)`` built in the sandbox;
    a new one is built on every call so that every mutant sees the same stream.
    """
    if isinstance(value, Rng):
        return np.random.default_rng(value.seed)
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(materialize(v) for v in value)
    if isinstance(value, list):
        return [materialize(v) for v in value]
    return value


def arguments(inputs: Any) -> tuple[list, dict]:
    """Positional and keyword arguments from evidence inputs: a tuple/list, or a dict of named arguments."""
    inputs = materialize(inputs)
    if isinstance(inputs, dict):
        return [], dict(inputs)
    return list(inputs), {}


def run_training(fn: Callable, inputs: Any, epochs_at: int, limit: int | None) -> dict[str, np.ndarray]:
    """A contract ``train``-like function on the evidence's inputs: ``(params, losses)`` or ``(w, b, losses)``."""
    args, kwargs = arguments(inputs)

    def unpack(out):
        if len(out) == 3:
            return {"w": out[0], "b": out[1]}, out[2]
        return dict(out[0]), out[1]

    return trajectory(lambda a, kw: fn(*a, **kw), args, epochs_at, limit, unpack, kwargs)


def trajectory(run: Callable[[list, dict], Any], args: list, epochs_at: int, limit: int | None,
               unpack: Callable[[Any], tuple[dict, Any]], kwargs: dict | None = None) -> dict[str, np.ndarray]:
    """Run a training function, at most ``limit`` epochs; losses always, final parameters if not cut short.

    ``args[epochs_at]`` is the number of epochs (it may also be given in
    ``kwargs["epochs"]``). Returns ``{"losses": ..., <parameter>: ...}``.
    """
    kwargs = dict(kwargs or {})
    if "epochs" in kwargs:
        epochs = int(kwargs["epochs"])
    else:
        epochs = int(args[epochs_at])
    cut = limit is not None and epochs > limit
    if cut:
        if "epochs" in kwargs:
            kwargs["epochs"] = limit
        else:
            args = list(args)
            args[epochs_at] = limit
    with np.errstate(all="ignore"):
        params, losses = unpack(run(args, kwargs))
    out = {"losses": np.asarray([float(v) for v in losses], dtype=float)}
    if not cut:
        out.update({k: np.asarray(v, dtype=float) for k, v in params.items()})
    return out
