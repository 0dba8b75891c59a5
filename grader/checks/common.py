"""Check building blocks that every assignment shares.

Each function here either returns quietly or raises ``Fail`` with a message
written for the student. Values from the student arrive as plain data (see
``grader.sandbox.protocol``): arrays, floats, tuples, dicts, or ``Opaque``
stand-ins, so nothing here ever calls student code.

Tolerances, and why:
- Values computed in float64 agree with the reference to about 1e-12; the
  grader allows ``rtol=1e-6`` so that a different but correct order of
  operations (loops, ``np.matrix``, ``np.einsum``) always passes.
- A student who computes in float32 (returned arrays of dtype float32, or a
  loss that agrees with float64 only to ~1e-7) gets ``rtol=2e-4``: float32
  has 24 bits (6e-8) and a forward/backward pass accumulates a few hundred
  roundings at most on the grader's small inputs.
- Gradients are compared per parameter block on the norm-relative error
  ``|g - r| / (|g| + |r|)``. Every catalogued mistake measured at least 5e-3
  on the grader's test points (see docs/gradient-checking.md), so 1e-6
  (float64) and 1e-3 (float32) leave orders of magnitude on both sides.

Points need evidence that the code computes (the rule of every check):
- NaN and infinities never pass: NaN compares unequal to everything, so any
  comparison (``close``, ``_same``, an init's "two seeds differ") asks for
  finite numbers first (``finite``, ``expect_finite``).
- Value checks (forward, ``gradient.reference``, training, convergence)
  compare with the reference or the optimum. Convergence is judged at the
  parameters ``train`` returns, with the reference's forward pass and loss,
  never by the losses a student reports.
- The bookkeeping checks ask what code computing nothing answers "right":
  shapes, arguments left alone, the same result twice, a seeded init. They
  pay per function that computes. Each contract function but
  ``init_params`` is probed once per submission (``Probe``, ``verdicts``)
  at two grader inputs with the same parameters and different data. It is
  *right* when both results are the reference's (float32 tolerance), and
  *alive* when right, or at least finite, different for the two inputs
  (not a constant, not blind to its data) and not its arguments handed back
  (every number of a returned part among the arguments' numbers: ``X``,
  ``params``, ``X[:, 0]``, ``[x, x, x]``). Per check:
  - ``api.functions``: a share per existing function, and nothing at all
    until at least one function is *right* (``api_check``);
  - ``shape.outputs``: contract shapes and finite ``init_params`` values (all
    or nothing), then a share per *alive* function (``expect_alive``);
  - ``shape.no_mutation``: no argument modified (all or nothing), then a
    share per *alive* function;
  - ``shape.repeatable`` / ``gradient.repeatable``: the same gradient twice,
    only if forward and gradient are *alive*;
  - ``gradient.numerical``: agreement with finite differences of the
    student's own loss, only if forward, loss and gradient are *alive* (a
    loss that ignores the data agrees with its own gradient);
  - ``training.init_params``: finite values, same seed same parameters,
    another seed other parameters, no two hidden units alike, not saturated.
  A function that returns constants, zeros, NaN, its inputs or the same
  numbers whatever the data is never *alive*: such a file scores 0. A wrong
  but working function (a sign error, a missing bias) is *alive* and keeps
  its shape and no-mutation points. Existing failures come first in each
  check, so the mistakes they name are unchanged; the gates name none.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ..sandbox.protocol import Opaque
from ..sandbox.session import Call, Returned, StudentError
from .base import Context, Fail

RTOL64, RTOL32 = 1e-6, 2e-4
GRAD_TOL64, GRAD_TOL32 = 1e-6, 1e-3
#: Central-difference step. float64: h* ~ eps^(1/3) ~ 6e-6; 1e-5 gave 5e-11
#: norm error on these networks (docs/gradient-checking.md). float32 needs ~1e-2.
FD_STEP64, FD_STEP32 = 1e-5, 1e-2
FD_TOL64, FD_TOL32 = 1e-6, 5e-3


# --------------------------------------------------------------------------- describing values


def describe(value: Any) -> str:
    """A short, safe description of a returned value's type and shape."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {tuple(value.shape)} ({value.dtype})"
    if isinstance(value, Opaque):
        return f"a {value.type_name} object"
    if isinstance(value, bool):
        return "a bool"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)}"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return f"a dict with keys {sorted(value)[:8]}"
    if value is None:
        return "None"
    if isinstance(value, str):
        return "a string"
    return type(value).__name__


def fmt(value: Any) -> str:
    """Expected/got text for reports: small arrays in full, big ones summarised."""
    if isinstance(value, dict):
        return "\n".join(f"{k}: {fmt(v)}" for k, v in value.items())
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=5, threshold=24, edgeitems=3, linewidth=90, suppress=False):
            return np.array2string(value, separator=", ") + (f"  shape {value.shape}" if value.ndim > 1 else "")
    if isinstance(value, float):
        return f"{value:.8g}"
    return describe(value)


def is_low_precision(*values: Any) -> bool:
    """Did the student compute in float32 (or float16)?"""
    for v in values:
        if isinstance(v, dict):
            if is_low_precision(*v.values()):
                return True
        elif isinstance(v, (tuple, list)):
            if is_low_precision(*v):
                return True
        elif isinstance(v, np.ndarray) and v.dtype in (np.float32, np.float16):
            return True
    return False


# --------------------------------------------------------------------------- conversions


def as_array(value: Any, what: str, dims: int | None = None) -> np.ndarray:
    """A numeric float64 array, or ``Fail`` naming what came back instead."""
    if isinstance(value, (bool, int, float)) and not isinstance(value, bool):
        value = np.asarray(value, dtype=float)
    if isinstance(value, list):
        try:
            value = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise Fail(f"{what} should be an array, but it is {describe(value)}") from None
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf":
        raise Fail(f"{what} should be an array, but it is {describe(value)}", got=describe(value),
                   mistakes=["shape-mismatch"] if value is None else [])
    return value.astype(np.float64)


def as_float(value: Any, what: str) -> float:
    """A Python float from a float, a NumPy scalar or a one-element array."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.ndarray)):
        raise Fail(f"{what} should be a number, but it is {describe(value)}", got=describe(value))
    if isinstance(value, np.ndarray) and value.size != 1:  # checked before any conversion: it may be huge
        raise Fail(f"{what} should be a single number, but it is {describe(value)}",
                   got=describe(value), mistakes=["shape-mismatch"])
    return float(np.asarray(value, dtype=float).reshape(()))


def as_tuple(value: Any, n: int, what: str) -> tuple:
    """A returned tuple (or list) of exactly ``n`` items."""
    if not isinstance(value, (tuple, list)) or len(value) != n:
        raise Fail(f"{what} should return {n} values, but it returned {describe(value)}",
                   got=describe(value), mistakes=["shape-mismatch"])
    return tuple(value)


def _some_keys(keys: Any, shown: int = 12) -> str:
    """A student's keys as a short list: the first few (as text, at most 40 characters each) and how many in all."""
    names = sorted((repr(k)[:40] for k in keys))
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return "[" + ", ".join(names[:shown]) + "]" + more


def as_param_dict(value: Any, keys: list[str], what: str) -> dict[str, np.ndarray]:
    """A dict with exactly ``keys``, each a numeric array."""
    if not isinstance(value, dict):
        raise Fail(f"{what} should be a dict with keys {keys}, but it is {describe(value)}", got=describe(value))
    missing = [k for k in keys if k not in value]
    extra = [k for k in value if k not in keys]
    if missing:
        raise Fail(f"{what} is missing the key(s) {missing} (it has {_some_keys(value)})",
                   expected=str(keys), got=_some_keys(value), mistakes=["shape-mismatch"])
    if extra:
        raise Fail(f"{what} has unexpected key(s) {_some_keys(extra)}; it must have exactly {keys}",
                   expected=str(keys), got=_some_keys(value), mistakes=["shape-mismatch"])
    return {k: as_array(value[k], f"{what}[{k!r}]") for k in keys}


# --------------------------------------------------------------------------- shapes


def expect_shape(value: Any, shape: tuple, what: str) -> np.ndarray:
    """``value`` as an array of exactly ``shape``; a transposed one is told so."""
    arr = as_array(value, what)
    if arr.shape != tuple(shape):
        hint = ""
        if arr.ndim == 2 and arr.shape[::-1] == tuple(shape) and shape[0] != shape[1]:
            hint = " (it looks transposed)"
        elif arr.size == math.prod(shape):
            hint = " (same numbers, wrong arrangement: check for an extra or missing axis)"
        raise Fail(f"{what} has shape {arr.shape}, but the contract says {tuple(shape)}{hint}",
                   expected=str(tuple(shape)), got=str(arr.shape), mistakes=["shape-mismatch"])
    return arr


def aligned(got: np.ndarray, want: np.ndarray) -> np.ndarray | None:
    """``got`` rearranged to ``want``'s shape when only singleton axes differ, else None.

    Value checks use this so that a shape mistake costs the shape check only.
    """
    if got.shape == want.shape:
        return got
    if got.size == want.size and tuple(s for s in got.shape if s != 1) == tuple(s for s in want.shape if s != 1):
        return got.reshape(want.shape)
    return None


# --------------------------------------------------------------------------- values


def close(got: np.ndarray, want: np.ndarray, rtol: float) -> bool:
    scale = max(float(np.max(np.abs(want))) if want.size else 0.0, 1e-12)
    return bool(np.all(np.isfinite(got)) and np.allclose(got, want, rtol=rtol, atol=rtol * scale))


def expect_close(value: Any, want: Any, what: str, *, low_precision: bool | None = None,
                 mistakes: tuple[str, ...] = ()) -> np.ndarray:
    """``value`` must equal the reference ``want`` within the tolerance of its precision."""
    want_arr = np.asarray(want, dtype=float)
    if want_arr.ndim == 0:
        got_arr = np.asarray(as_float(value, what))
    else:
        got_arr = as_array(value, what)
    lp = is_low_precision(value) if low_precision is None else low_precision
    rtol = RTOL32 if lp else RTOL64
    fitted = aligned(got_arr, want_arr)
    if fitted is None:
        raise Fail(f"{what} has shape {got_arr.shape}; the reference has {want_arr.shape}",
                   expected=str(want_arr.shape), got=str(got_arr.shape), mistakes=["shape-mismatch"])
    if not np.all(np.isfinite(fitted)) and np.all(np.isfinite(want_arr)):
        bad = int(np.sum(~np.isfinite(fitted)))
        raise Fail(f"{what} contains {bad} NaN or infinite value(s) where the reference is finite",
                   expected=fmt(want_arr), got=fmt(fitted), mistakes=list(mistakes))
    if not close(fitted, want_arr, rtol):
        err = np.abs(fitted - want_arr)
        worst = np.unravel_index(int(np.argmax(err)), err.shape) if err.ndim else ()
        where = f" (largest difference {float(np.max(err)):.3g} at index {tuple(int(i) for i in worst)})" if err.ndim else ""
        raise Fail(f"{what} differs from the reference{where}", expected=fmt(want_arr), got=fmt(fitted),
                   mistakes=list(mistakes))
    return fitted


def expect_unchanged(returned: Returned, fn: str, args_desc: str) -> None:
    """The call must not have modified the arrays or dicts it was given."""
    if returned.mutated:
        raise Fail(f"`{fn}` modified its argument(s) {args_desc} in place; it must work on copies",
                   mistakes=["mutates-input"], function=fn)


# --------------------------------------------------------------------------- gradients


@dataclass
class GradComparison:
    """Per-block relative errors of a gradient against a target, and what they suggest."""

    errors: dict[str, float]
    tol: float
    mistakes: list[str] = field(default_factory=list)
    relation: str = ""

    @property
    def ok(self) -> bool:
        return all(e <= self.tol for e in self.errors.values())

    @property
    def wrong(self) -> list[str]:
        return [k for k, e in self.errors.items() if not e <= self.tol]


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """``|a - b| / (|a| + |b|)``; 0 when both are 0, 1 when either is not finite."""
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return 1.0
    denom = float(np.linalg.norm(a) + np.linalg.norm(b))
    return 0.0 if denom == 0.0 else float(np.linalg.norm(a - b)) / denom


def compare_grads(got: dict[str, np.ndarray], want: dict[str, np.ndarray], tol: float) -> GradComparison:
    """Compare block by block and test the relations that name a mistake directly.

    - all blocks = -reference: ``gradient-sign``;
    - all blocks = c x reference, c != 1: ``gradient-scale`` (and ``gradient-sign`` too when c < 0, c != -1);
    - a square block = its reference transposed: ``transposed-gradient``.
    """
    errors = {k: rel_error(got[k], want[k]) for k in want}
    comp = GradComparison(errors, tol)
    if comp.ok:
        return comp
    g = np.concatenate([got[k].ravel() for k in want])
    w = np.concatenate([want[k].ravel() for k in want])
    if np.all(np.isfinite(g)) and np.linalg.norm(w) > 0 and np.linalg.norm(g) > 0:
        alpha = float(g @ w / (w @ w))
        if rel_error(g, alpha * w) < tol:
            if abs(alpha + 1) < 1e-6:
                comp.mistakes.append("gradient-sign")
                comp.relation = "every gradient is the exact negative of the correct one"
            elif abs(alpha - 1) > max(1e-6, tol):  # within the tolerance a factor is no factor (float32)
                # a negative factor other than -1 is two mistakes at once: the sign and a factor
                comp.mistakes += ["gradient-sign", "gradient-scale"] if alpha < 0 else ["gradient-scale"]
                comp.relation = f"every gradient is {_ratio(alpha)} times the correct one"
                if alpha < 0:
                    comp.relation += f": the sign is flipped and the size is off by a factor {_ratio(-alpha)}"
    if not comp.mistakes:
        _block_relations(got, want, comp)
    return comp


def _block_relations(got: dict[str, np.ndarray], want: dict[str, np.ndarray], comp: GradComparison) -> None:
    """Relations that hold for the wrong blocks one by one (the right blocks are right).

    A relation is named only when every wrong block is explained by one, and
    never from a one-number block (any number is "a multiple" of another).
    """
    notes, found = [], []
    for k in comp.wrong:
        a, b = got[k], want[k]
        if a.shape != b.shape or a.size < 2 or not np.all(np.isfinite(a)):
            return
        if a.ndim == 2 and a.shape[0] == a.shape[1] and rel_error(a.T, b) < comp.tol:
            found.append("transposed-gradient")
            notes.append(f"the gradient of {k} is transposed")
            continue
        if float(b.ravel() @ b.ravel()) == 0 or float(np.linalg.norm(a)) == 0:
            return
        alpha = float(a.ravel() @ b.ravel() / (b.ravel() @ b.ravel()))
        if rel_error(a, alpha * b) >= comp.tol or abs(alpha - 1) <= max(1e-6, comp.tol):
            return
        found += ["gradient-sign"] if abs(alpha + 1) < 1e-6 else \
            ["gradient-sign", "gradient-scale"] if alpha < 0 else ["gradient-scale"]
        notes.append(f"the gradient of {k} is {_ratio(alpha)} times the correct one")
    comp.mistakes += sorted(set(found))
    comp.relation = "; ".join(notes)


def step_factor(start: dict, after: dict, grads: dict, lr: float, tol: float, n: int) -> float | None:
    """A training step that is ``c * lr`` times the student's own gradient where ``c`` says the rule is wrong:
    negative (``+=``: the gradient added), or ``1/n`` (the step divided by the ``n`` samples again). Another
    positive factor is another learning rate (a rate hard-coded in the file), the dynamics' to judge: None."""
    keys = [k for k in grads if k in after and k in start]
    if not keys:
        return None
    step = np.concatenate([np.ravel(np.asarray(after[k], float) - np.asarray(start[k], float)) for k in keys])
    want = np.concatenate([np.ravel(-lr * np.asarray(grads[k], float)) for k in keys])
    if not np.all(np.isfinite(step)) or float(want @ want) == 0.0:
        return None
    c = float(step @ want / (want @ want))
    if rel_error(step, c * want) > tol or abs(c - 1) <= max(tol, 1e-6) or c == 0.0:
        return None
    if c < 0 or (n > 1 and abs(c * n - 1) <= max(tol, 1e-6)):
        return c
    return None


def sign_step(start: dict, after: dict, grads: dict, lr: float) -> float | None:
    """A first training step that moves every entry the same amount ``k * lr`` against the sign of the student's
    own gradient, whatever the gradient's size there: an adaptive rule's first step (Adagrad, RMSprop, Adam
    from empty state divide the gradient by its own size). Returns ``k``; None when the gradient's entries
    are all about one size (then a plain step looks the same) or the step is anything else. Entries with a
    gradient below 1% of the largest are left out (an ``eps`` under the root moves them)."""
    keys = [k for k in grads if k in after and k in start]
    if not keys or lr <= 0:
        return None
    g = np.concatenate([np.ravel(np.asarray(grads[k], float)) for k in keys])
    step = np.concatenate([np.ravel(np.asarray(after[k], float) - np.asarray(start[k], float)) for k in keys])
    if not (np.all(np.isfinite(g)) and np.all(np.isfinite(step))) or not np.any(g):
        return None
    big = np.abs(g) >= max(1e-2 * float(np.max(np.abs(g))), 1e-6)
    if int(big.sum()) < 4 or float(np.max(np.abs(g[big])) / np.min(np.abs(g[big]))) < 2.0:
        return None
    ratio = -step[big] / (lr * np.sign(g[big]))
    k = float(np.median(ratio))
    if k <= 0 or float(np.max(np.abs(ratio - k))) > 0.02 * k:
        return None
    return k


def plain_step(start: dict, after: dict, grads: dict, lr: float, tol: float) -> bool:
    """``after`` is ``start - lr * grads`` within ``tol``: the rule's own step (over the gradient's keys)."""
    keys = [k for k in grads if k in after and k in start]
    if not keys:
        return False
    step = np.concatenate([np.ravel(np.asarray(after[k], float) - np.asarray(start[k], float)) for k in keys])
    want = np.concatenate([np.ravel(-lr * np.asarray(grads[k], float)) for k in keys])
    return bool(np.all(np.isfinite(step))) and rel_error(step, want) <= tol


def momentum_step(start: dict, p1: dict, p2: dict, g0: dict, g1: dict, lr: float, tol: float) -> float | None:
    """Two epochs of training whose first step is the plain ``p - lr * g0`` and whose second is
    ``p1 - lr * (g1 + mu * g0)``, with the student's own gradients ``g0`` at the start and ``g1`` after the first
    step, for one ``mu`` in (0, 1): momentum (heavy ball) where plain gradient descent is asked for. Returns
    ``mu``; None for anything else (a plain second step included)."""
    keys = [k for k in g0 if k in g1 and k in start and k in p1 and k in p2]
    if not keys or lr <= 0:
        return None

    def flat(d: dict) -> np.ndarray:
        return np.concatenate([np.ravel(np.asarray(d[k], float)) for k in keys])

    x0, x1, x2, a, b = flat(start), flat(p1), flat(p2), flat(g0), flat(g1)
    if not all(np.all(np.isfinite(v)) for v in (x0, x1, x2, a, b)) or float(a @ a) == 0.0:
        return None
    if not plain_step(start, p1, g0, lr, tol):
        return None  # the first step is not the plain one
    rest = (x2 - x1) + lr * b  # what the second step adds to the plain one
    if float(np.linalg.norm(rest)) <= 1e-3 * float(np.linalg.norm(x2 - x1)):
        return None  # a plain second step
    mu = -float(rest @ a) / (lr * float(a @ a))
    if not 0.0 < mu < 1.0 or rel_error(rest, -lr * mu * a) > max(tol, 1e-6):
        return None
    return mu


def momentum_note(mu: float, train: str, gradient: str) -> str:
    """What a momentum step does, in words (``momentum_step``)."""
    return (f"the second epoch of `{train}` adds {mu:.3g} times the first step's gradient to its own: momentum; "
            f"the rule is p - lr * dL/dp with your own `{gradient}`, one gradient per step")


def sign_step_note(k: float, train: str, gradient: str) -> str:
    """What an adaptive first step does, in words (``sign_step``)."""
    return (f"one epoch of `{train}` moves every parameter by the same {k:.4g} times lr against the sign of your "
            f"own `{gradient}`, whatever its size: an adaptive rule (Adagrad, RMSprop, Adam); the rule is "
            "p - lr * dL/dp")


def own_rule(start: dict, after: dict, grads: dict, lr: float, tol: float, n: int, train: str, gradient: str,
             momentum: Callable[[], float | None]) -> tuple[float | None, str] | None:
    """One epoch of ``train`` judged against a step of lr times the student's own ``gradient``: ``(the step's
    factor, what it does in words)`` when it is a wrong rule of theirs, else None. Tried in order: a factor of
    the plain step (``step_factor``, the only case with a factor), an adaptive first step (``sign_step``),
    heavy-ball momentum (``momentum()``: the caller's two-epoch run, made only when the others found nothing)."""
    c = step_factor(start, after, grads, lr, tol, n)
    if c is not None:
        return c, update_rule_note(c, train, gradient)
    k = sign_step(start, after, grads, lr)
    if k is not None:
        return None, sign_step_note(k, train, gradient)
    mu = momentum()
    return (None, momentum_note(mu, train, gradient)) if mu is not None else None


def update_rule_note(c: float, train: str, gradient: str) -> str:
    """What a wrong step does, in words (``step_factor``)."""
    how = ("adds the gradient instead of subtracting it" if abs(c + 1) <= 1e-3
           else f"moves {_ratio(c)} times lr times your own gradient")
    return f"one epoch of `{train}` {how} (p - lr * dL/dp, with your own `{gradient}`, is the rule)"


def _ratio(alpha: float) -> str:
    if abs(alpha) >= 1:
        return f"{alpha:.4g}"
    inv = 1 / alpha
    return f"{alpha:.4g} (1/{inv:.4g})"


def grad_details(got: dict[str, np.ndarray], want: dict[str, np.ndarray], comp: GradComparison) -> dict:
    """A table of per-block errors and heatmaps of entry-wise errors, for the report."""
    rows = [[k, str(tuple(want[k].shape)), f"{comp.errors[k]:.2e}", "ok" if comp.errors[k] <= comp.tol else "wrong"]
            for k in want]
    heatmaps = []
    for k in comp.wrong:
        a, b = got[k], want[k]
        if a.shape != b.shape or a.ndim != 2 or a.size < 2 or a.size > 40000:
            continue  # a picture helps for weight matrices; vectors are read in the table
        err = np.abs(a - b) / (np.abs(a) + np.abs(b) + 1e-12)
        heatmaps.append({"title": f"{k}: relative error per entry",
                         "values": [[float(x) for x in row] for row in err],
                         "row_label": "row", "col_label": "column"})
    return {"table": {"columns": ["parameter", "shape", "relative error", ""], "rows": rows}, "heatmaps": heatmaps}


def explain_grads(comp: GradComparison, against: str) -> str:
    wrong = ", ".join(f"{k} ({comp.errors[k]:.1e})" for k in comp.wrong)
    text = f"gradient(s) differ from {against}: {wrong} (relative error; tolerance {comp.tol:g})"
    if comp.relation:
        text += f"; {comp.relation}"
    return text


def expect_consistent(got: dict[str, np.ndarray], numeric: dict[str, np.ndarray], reference: dict[str, np.ndarray],
                      low_precision: bool, loss_fn: str, grad_fn: str, evidence: dict | None = None) -> None:
    """The student's gradient against finite differences of the student's own loss.

    When they disagree, the reference tells which side is wrong: a gradient
    that matches the reference means the loss is the mistake (``wrong-loss``),
    not the gradient.
    """
    comp = compare_grads(got, numeric, FD_TOL32 if low_precision else FD_TOL64)
    if comp.ok:
        expect_not_trivial(got, numeric, reference, loss_fn, grad_fn)
        return
    details = grad_details(got, numeric, comp)
    right = compare_grads(got, reference, GRAD_TOL32 if low_precision else GRAD_TOL64).ok
    if right:
        raise Fail(f"`{grad_fn}` matches the reference gradient, but not finite differences of your own "
                   f"`{loss_fn}`: the loss, not the gradient, is what differs", mistakes=["wrong-loss"],
                   details=details, function=loss_fn)
    raise Fail(explain_grads(comp, f"finite differences of your own {loss_fn}"), expected=fmt(numeric),
               got=fmt(got), mistakes=comp.mistakes, details=details, function=grad_fn, evidence=evidence)


def _flat(grads: dict[str, np.ndarray]) -> bool:
    """Every entry of every block is zero (to rounding)."""
    return all(not np.any(np.abs(np.asarray(g, dtype=float)) > 1e-12) for g in grads.values())


def expect_not_trivial(got: dict[str, np.ndarray], numeric: dict[str, np.ndarray],
                       reference: dict[str, np.ndarray], loss_fn: str, grad_fn: str) -> None:
    """A gradient that agrees with finite differences only because the loss is constant earns nothing.

    (A file whose loss and gradients all return zeros would otherwise pass the
    finite-difference check without any work.)
    """
    if _flat(numeric) and not _flat(reference):
        raise Fail(f"`{loss_fn}` does not change when the parameters do (its finite differences are all "
                   f"zero), so `{grad_fn}` agrees with it trivially; the true gradient is not zero here",
                   expected=fmt(reference), got=fmt(got), function=loss_fn)


# --------------------------------------------------------------------------- finite differences


LossCalls = Callable[[dict[str, Any]], list[Call]]


def numeric_grads(ctx: Context, loss_calls: LossCalls, params: dict[str, np.ndarray], step: float,
                  keys: list[str] | None = None) -> dict[str, np.ndarray]:
    """Central differences of the student's own loss, every coordinate, in one sandbox round trip.

    ``loss_calls(p)`` gives the calls that compute the loss at parameters ``p``
    (e.g. ``forward`` then ``mse_loss``); the last call's value is the loss.
    """
    keys = list(params) if keys is None else keys
    calls: list[Call] = []
    ends: list[int] = []
    slots: list[str] = []
    for k in keys:
        base = np.asarray(params[k], dtype=float)
        for idx in np.ndindex(base.shape):
            for sign in (1.0, -1.0):
                p = {kk: np.array(v, dtype=float, copy=True) for kk, v in params.items()}
                p[k][idx] += sign * step
                part = loss_calls(_unwrap_scalars(p, params))
                slots += [c.keep for c in part if c.keep]
                calls += part
                ends.append(len(calls) - 1)
    results = ctx.student.batch(calls, drop=slots)
    values = []
    for i in ends:
        r = results[i] if i < len(results) else None
        if isinstance(r, StudentError):
            raise r
        if r is None:
            raise Fail("the finite-difference evaluation of your loss stopped early")
        values.append(as_float(r.value, "the loss"))
    out: dict[str, np.ndarray] = {}
    pos = 0
    for k in keys:
        base = np.asarray(params[k], dtype=float)
        g = np.zeros(base.shape)
        for idx in np.ndindex(base.shape):
            g[idx] = (values[pos] - values[pos + 1]) / (2 * step)
            pos += 2
        out[k] = g
    return out


def _unwrap_scalars(p: dict[str, np.ndarray], like: dict[str, Any]) -> dict[str, Any]:
    """Parameters the contract passes as floats (linear regression's ``b``) stay floats."""
    return {k: (float(v) if not isinstance(like[k], np.ndarray) else v) for k, v in p.items()}


# --------------------------------------------------------------------------- training


def losses_list(value: Any, epochs: int, what: str) -> np.ndarray:
    """A losses list of length ``epochs + 1``."""
    if not isinstance(value, (list, tuple, np.ndarray)):
        raise Fail(f"{what} should be a list of losses, but it is {describe(value)}", got=describe(value))
    try:
        arr = np.asarray([as_float(v, "a loss") for v in value] if not isinstance(value, np.ndarray) else value,
                         dtype=float).ravel()
    except Fail:
        raise Fail(f"{what} should hold numbers, one loss per epoch") from None
    if arr.size != epochs + 1:
        raise Fail(f"{what} has {arr.size} entries; with epochs={epochs} the contract asks for {epochs + 1} "
                   "(the loss before training, then one after each epoch)",
                   expected=str(epochs + 1), got=str(arr.size), mistakes=["shape-mismatch"])
    return arr


def curves(title: str, yours: np.ndarray, reference: np.ndarray, log_y: bool = True) -> dict:
    """Loss curves for the report."""
    def clean(v: np.ndarray) -> list:
        return [float(x) if np.isfinite(x) else None for x in np.asarray(v, dtype=float).ravel()]

    return {"curves": [{"title": title, "x_label": "epoch", "y_label": "loss", "log_y": log_y,
                        "series": [{"name": "yours", "values": clean(yours)},
                                   {"name": "reference", "values": clean(reference)}]}]}


def diverged(losses: np.ndarray) -> bool:
    """Training blew up: NaN/inf, or the loss ended well above where it started."""
    return bool(not np.all(np.isfinite(losses)) or losses[-1] > 1.5 * losses[0] + 1e-12)


def stale_and_mutation(ctx: Context, fn: str, args: tuple, what: str) -> None:
    """Two identical calls must give the same value and leave the arguments alone."""
    first = ctx.student.call_full(fn, *args)
    expect_unchanged(first, fn, what)
    second = ctx.student.call_full(fn, *args)
    if not _same(first.value, second.value):
        raise Fail(f"calling `{fn}` twice with the same inputs gave different results: it keeps state "
                   "between calls (e.g. a gradient accumulator that is never reset)",
                   mistakes=["stale-gradient-state"], function=fn)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, (np.ndarray, int, float)) and isinstance(b, (np.ndarray, int, float)):
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        return x.shape == y.shape and bool(np.allclose(x, y, rtol=1e-12, atol=0, equal_nan=True))
    if isinstance(a, Opaque) and isinstance(b, Opaque):
        return True
    return type(a) is type(b) and a == b


# --------------------------------------------------------------------------- evidence that the code computes


@dataclass
class Probe:
    """One contract function called at two grader inputs A and B, and the reference's results there.

    A and B share the parameters (weights, learning rate, seed) and differ in
    the data (X, y, Y, h0, Z, the gradients to clip), so a function that
    computes something gives two different results, and one that ignores its
    data, or hands its parameters back, gives the same one twice.
    """

    fn: str
    calls: tuple[list[Call], list[Call]]  #: the calls at A and at B; the last is ``fn``'s, and its value is judged
    want: tuple[Any, Any]  #: the reference's value at A and B; a ``None`` part is not compared (e.g. a train's losses)
    args: tuple[tuple, tuple]  #: ``fn``'s own arguments at A and B (an argument handed back is not an output)


@dataclass(frozen=True)
class Verdict:
    """What two probe calls of one function show."""

    right: bool  #: the reference's result at A and at B (within float32 tolerance)
    alive: bool  #: right, or at least finite, different at A and B, and no argument handed back
    why: str = ""  #: why it is not alive, for the student


Probes = Callable[[Context], list[Probe]]


def verdicts(ctx: Context, probes: Probes) -> dict[str, Verdict]:
    """Each probed function's verdict, computed once per submission (the first check that asks pays)."""
    if "verdicts" not in ctx.cache:
        ctx.cache["verdicts"] = {probe.fn: _judge(ctx, probe) for probe in probes(ctx)}
    return ctx.cache["verdicts"]


def _judge(ctx: Context, probe: Probe) -> Verdict:
    got = []
    for calls in probe.calls:
        results = ctx.student.batch(calls, drop=[c.keep for c in calls if c.keep])
        error = next((r for r in results if isinstance(r, StudentError)), None)
        if error is not None:
            return Verdict(False, False, f"could not be run ({error.message})")
        if len(results) < len(calls):  # pragma: no cover - batch answers every call or gives an error
            return Verdict(False, False, "did not answer")
        got.append(results[-1].value)
    right = all(matches(g, w) for g, w in zip(got, probe.want))
    if right:
        return Verdict(True, True)
    if not all(finite(g) for g in got):
        return Verdict(False, False, "returns NaN or infinite values")
    if _same(got[0], got[1]):
        return Verdict(False, False, "returns the same value for different inputs (it ignores its data)")
    if any(_handed_back(g, args) and not _handed_back(w, args) for g, w, args in zip(got, probe.want, probe.args)):
        return Verdict(False, False, "hands back one of its arguments unchanged")
    return Verdict(False, True)


def matches(got: Any, want: Any, rtol: float = RTOL32) -> bool:
    """``got`` equals the reference's ``want`` part by part (``None`` parts skipped), within ``rtol``."""
    if want is None:
        return True
    if isinstance(want, dict):
        return isinstance(got, dict) and set(got) == set(want) and all(matches(got[k], want[k], rtol) for k in want)
    if isinstance(want, (tuple, list)):
        return (isinstance(got, (tuple, list)) and len(got) == len(want)
                and all(matches(g, w, rtol) for g, w in zip(got, want)))
    want_arr = np.asarray(want, dtype=float)
    try:
        got_arr = np.asarray(as_float(got, "")) if want_arr.ndim == 0 else as_array(got, "")
    except Fail:
        return False
    fitted = aligned(got_arr, want_arr)
    return fitted is not None and close(fitted, want_arr, rtol)


def finite(value: Any) -> bool:
    """Every number in a returned value (arrays, numbers, inside dicts, tuples and lists) is finite."""
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, (tuple, list)):
        return all(finite(v) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "fc" or bool(np.all(np.isfinite(value)))
    if isinstance(value, float):
        return math.isfinite(value)
    return True


def _numbers(value: Any) -> np.ndarray:
    """Every number in a value (arrays, numbers, inside dicts, tuples and lists), flat."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (tuple, list)):
        parts = [_numbers(v) for v in value]
        return np.concatenate(parts) if parts else np.zeros(0)
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return value.astype(float).ravel()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return np.array([float(value)])
    return np.zeros(0)


def _handed_back(value: Any, args: tuple) -> bool:
    """A part of the result (the result itself, or an item of a returned tuple) holds two or more numbers, all
    of them among the arguments' numbers: the function hands back its arguments, or parts of them rearranged
    (``X``, ``X[:, 0]``, ``params``, ``[x, x, x]``), instead of computing."""
    given = _numbers(args)
    parts = value if isinstance(value, (tuple, list)) else (value,)
    return any(n.size >= 2 and bool(np.all(np.isin(n, given))) for n in map(_numbers, parts))


def expect_finite(value: Any, what: str) -> None:
    """Every number in ``value`` is finite (NaN compares unequal to everything, so it would pass comparisons)."""
    if not finite(value):
        raise Fail(f"{what} contains NaN or infinite values: the contract asks for numbers")


def expect_alive(ctx: Context, probes: Probes, functions: tuple[str, ...] | None = None, *,
                 points_for: str, partial: bool = True) -> None:
    """The rule of the bookkeeping checks: their points count only for functions that compute.

    A function earns its share when its probe verdict is *alive*: right, or
    at least finite, different for different data, and not an argument handed
    back (see ``Probe``). With ``partial`` each alive function earns its
    share of the check; otherwise every function must be alive.
    """
    table = verdicts(ctx, probes)
    names = [fn for fn in table if functions is None or fn in functions]
    dead = [fn for fn in names if not table[fn].alive]
    if not dead:
        return
    said = "; ".join(f"`{fn}` {table[fn].why}" for fn in dead)
    raise Fail(f"{said}: {points_for} count only for functions that compute their outputs",
               fraction=(len(names) - len(dead)) / len(names) if partial else 0.0)


def api_check(ctx: Context, calls: dict[str, tuple], probes: Probes | None = None) -> None:
    """Every function exists and runs past ``NotImplementedError``; partial credit per function.

    With ``probes``, the check is worth nothing until at least one function
    gives the reference's result on the grader's probe inputs: functions that
    exist but compute nothing earn no points.
    """
    missing, stubbed = [], []
    for fn, args in calls.items():
        try:
            ctx.student.call(fn, *args, ret=None)
        except StudentError as err:
            if err.kind == "missing" or err.kind == "not_callable":
                missing.append(fn)
            elif err.kind == "not_implemented":
                stubbed.append(fn)
    ok = len(calls) - len(missing) - len(stubbed)
    parts = []
    if stubbed:
        parts.append("not implemented yet (still raising NotImplementedError): " + ", ".join(stubbed))
    if missing:
        parts.append("missing: " + ", ".join(missing))
    fraction = ok / len(calls)
    if ok and probes is not None and not any(v.right for v in verdicts(ctx, probes).values()):
        parts.append("no function gives the reference's result on the grader's inputs yet (checked: "
                     + ", ".join(verdicts(ctx, probes)) + "); the points for the functions existing come with "
                     "the first one that does")
        fraction = 0.0
    if parts:
        raise Fail("; ".join(parts), fraction=fraction, mistakes=["not-implemented"] if missing or stubbed else [],
                   function=(stubbed + missing)[0] if stubbed or missing else None)


def logistic(z: np.ndarray) -> np.ndarray:
    """The sigmoid, for the grader's own measurements on a student's numbers (never a reference call: such
    numbers are the student's, so a student's install could not replay the call), without overflow."""
    with np.errstate(all="ignore"):
        return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))
