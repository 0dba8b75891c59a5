"""The generic matcher: which mutant reproduces the student's output on the same inputs.

Rule (documented in the package docstring too):

1. The evidence's quantity is recomputed under the reference and under every
   mutant of the allowed stages, on the evidence's own inputs.
2. A mutant whose output equals the reference's on these inputs is
   *degenerate* here and is skipped: it cannot explain a difference.
3. A mutant *matches* when every compared block agrees with the student's
   within ``tol`` (norm-relative error per block; per-entry relative error
   for loss curves): 1e-6 for float64 students, 1e-3 for float32 ones.
4. The id of the matches is named only when it is *unique*: every matching
   mutant has the same id and no mutant of another id comes within
   ``10 * tol``. Several ids matching means that the evidence cannot tell
   them apart on these inputs: nothing is named (``ambiguous`` lists them).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .mutants import Bank

TOL64, TOL32 = 1e-6, 1e-3
MARGIN = 10.0  #: another id this many tolerances away still makes the match ambiguous
SCREEN = 2  #: training mutants are first run this many epochs, and only those still close run on
LIMIT = 10  #: training evidence is compared on its first LIMIT epochs (mutants are run that far only)


@dataclass
class Match:
    ids: list[str] = field(default_factory=list)  #: named: zero or one id
    candidates: list[tuple[str, str, float]] = field(default_factory=list)  #: (id, mutant, distance) within tol
    ambiguous: list[str] = field(default_factory=list)  #: ids that tie
    reference_distance: float = math.inf  #: student vs reference
    #: every mutant that ran here and differs from the reference, with its output (for a look block by block)
    outputs: list[tuple[Any, dict]] = field(default_factory=list)


def flatten(value: Any, prefix: str = "") -> dict[str, np.ndarray]:
    """Nested dicts of arrays/numbers as one flat dict ``{"a.b": array}``; a ``params`` dict is lifted."""
    if isinstance(value, dict):
        out: dict[str, np.ndarray] = {}
        for k, v in value.items():
            key = str(k) if not prefix else f"{prefix}.{k}"
            if not prefix and k == "params" and isinstance(v, dict):
                key = ""
            out.update(flatten(v, key))
        return out
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return {}
    return {prefix: arr}


def _align(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    if a.shape == b.shape:
        return a
    if a.size == b.size and tuple(s for s in a.shape if s != 1) == tuple(s for s in b.shape if s != 1):
        return a.reshape(b.shape)
    return None


def block_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Norm-relative error ``|a - b| / (|a| + |b|)``; non-finite entries must coincide exactly."""
    a = _align(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    if a is None:
        return math.inf
    fa, fb = np.isfinite(a), np.isfinite(b)
    if not np.array_equal(fa, fb):
        return math.inf
    if not fa.all():
        ia, ib = a[~fa], b[~fb]
        if not np.all((np.isnan(ia) & np.isnan(ib)) | (ia == ib)):
            return math.inf
    a, b = a[fa], b[fb]
    denom = float(np.linalg.norm(a) + np.linalg.norm(b))
    return 0.0 if denom == 0.0 else float(np.linalg.norm(a - b)) / denom


def curve_distance(got: np.ndarray, want: np.ndarray) -> float:
    """Largest per-entry relative error of two loss curves, on ``want``'s length.

    ``want`` may be a prefix (mutants run LIMIT epochs). Where one curve has
    overflowed and the other is merely huge (float32 overflows earlier) the
    entry is skipped.
    """
    got = np.asarray(got, dtype=float).ravel()
    want = np.asarray(want, dtype=float).ravel()
    if got.size < want.size or want.size == 0:
        return math.inf
    got = got[: want.size]
    fg, fw = np.isfinite(got), np.isfinite(want)
    both = fg & fw
    for i in np.flatnonzero(fg != fw):
        finite = got[i] if fg[i] else want[i]
        if abs(finite) < 1e30:
            return math.inf
    if both.sum() < min(2, want.size):
        return 0.0 if np.array_equal(fg, fw) and not both.any() else math.inf
    g, w = got[both], want[both]
    floor = 1e-12 * float(np.max(np.abs(w))) + 1e-300
    return float(np.max(np.abs(g - w) / (np.abs(g) + np.abs(w) + floor)))


def distance(got: dict[str, np.ndarray], want: dict[str, np.ndarray]) -> float:
    """Worst block distance over the blocks both sides have (inf when they share none)."""
    keys = [k for k in want if k in got]
    if not keys:
        return math.inf
    worst = 0.0
    for k in keys:
        d = curve_distance(got[k], want[k]) if k == "losses" else block_distance(got[k], want[k])
        worst = max(worst, d)
        if worst == math.inf:
            break
    return worst


def evaluate(bank: Bank, ns: dict, function: str, inputs: Any, limit: int | None) -> dict[str, np.ndarray] | None:
    """The quantity under a namespace, or None when that code raises on these inputs (for the bank's own
    namespaces, computed once per process: ``Bank.kept``; the arrays are read-only)."""
    return bank.kept(ns, ("evaluate", function, limit), inputs, lambda: run(bank, ns, function, inputs, limit))


def run(bank: Bank, ns: dict, function: str, inputs: Any, limit: int | None) -> dict[str, np.ndarray] | None:
    """``evaluate``, always run: a caller that watches the code as it runs (a tracer, a recorder) needs it to."""
    q = bank.quantities[function]
    try:
        with np.errstate(all="ignore"):
            return flatten(q(ns, inputs, limit))
    except Exception:  # noqa: BLE001 - a mutant that cannot run here explains nothing
        return None


def match(bank: Bank, function: str, inputs: Any, got: dict[str, np.ndarray], tol: float,
          stages: tuple[str, ...], limit: int | None = None, reference: dict | None = None) -> Match:
    """Which mutants (of ``stages``) reproduce ``got``; the id named by the uniqueness rule."""
    result = Match()
    if function not in bank.quantities:
        return result
    ref = reference if reference is not None else evaluate(bank, bank.reference, function, inputs, limit)
    if ref is None:
        return result
    result.reference_distance = distance(got, ref)
    if result.reference_distance <= tol:
        return result
    pool = [(m, ns) for m, ns in zip(bank.mutants, bank.namespaces) if m.stage in stages]
    if limit is not None and limit > SCREEN:
        # screen on the first SCREEN epochs: a mutant that is off already there cannot match
        pool = [(m, ns) for m, ns in pool
                if (out := evaluate(bank, ns, function, inputs, SCREEN)) is not None
                and distance(got, out) <= MARGIN * tol]
    near: list[tuple[str, str, float]] = []
    for mutant, ns in pool:
        out = evaluate(bank, ns, function, inputs, limit)
        if out is None or distance(out, ref) <= tol:
            continue  # cannot run here, or degenerate: the same output as the reference
        result.outputs.append((mutant, out))
        d = distance(got, out)
        if d <= MARGIN * tol:
            near.append((mutant.id, mutant.name, d))
    result.candidates = [c for c in near if c[2] <= tol]
    ids = {c[0] for c in result.candidates}
    near_ids = {c[0] for c in near}
    if len(ids) == 1 and near_ids == ids:
        result.ids = sorted(ids)
    elif ids:
        result.ambiguous = sorted(near_ids)
    return result
