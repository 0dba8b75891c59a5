"""Training-level diagnoses: from a training run's evidence, which mistake explains it.

Order of the rules (the first that applies decides):

1. ``wrong-loss``: the final parameters are the reference's but the losses
   list is not, and already its first entry (the loss at the grader's own
   starting point) differs: the loss function is what is wrong; or the
   forward (``wrong-forward``) when an earlier check found the loss right
   for the student's own forward and none named the loss.
2. Mutants. If a check of a function training depends on (forward, loss,
   gradient: ``UPSTREAM``) already failed, only the *gradient/forward*
   mutants may explain the run: a gradient bug that breaks training is named
   as that gradient bug, or nothing. Otherwise only the *training* mutants
   (update rule, skipped samples). Ties name nothing.
3. With a failed upstream check, or no matching start (``losses[0]`` differs
   from the reference's), nothing more is named: the dynamics cannot be
   judged.
4. ``symmetric-init`` / ``init-too-large`` when the run started from the
   student's own ``init_params`` (``init`` in the evidence) and that init is
   symmetric or saturates the hidden units.
5. The run is reproduced exactly by the reference at another learning rate
   from ``RATE_GRID`` (rates students hard-code: 1, 2, 2.5, 3 or 5 times a
   power of ten): a larger one with a loss that diverges or ends above the
   reference's is ``learning-rate-too-high``, a smaller one ``not-converged``;
   the message gives that rate.
6. ``learning-rate-too-high``: the loss becomes NaN/inf, or ends above where
   it started while the reference's goes down. For least squares the message
   gives the largest stable rate, 2 / lambda_max of the Hessian.
7. ``not-converged``: finite, no divergence, and the run stops far above
   the reference (convergence: above the optimum by more than 1 %; a short
   trajectory: the reference's first step exactly, then never ahead of the
   reference, monotone, and less than 90 % of the reference's progress).

Rules 4 to 7 rely on the checks running in catalogue order (gradient checks
before training checks): a gradient that is wrong must already have failed.
"""
from __future__ import annotations

import hashlib
import math
from typing import Any

import numpy as np

from .match import LIMIT, SCREEN, block_distance, curve_distance, evaluate, flatten, match

SATURATED = 0.5  #: init-too-large when more than this fraction of hidden pre-activations saturate


def diagnose_training(bank, spec, ctx, fail, ev: dict, function: str, got: dict[str, np.ndarray], tol: float,
                      rec) -> list[str]:
    inputs = ev["inputs"]
    limit = int(getattr(bank.module, "LIMIT", LIMIT))
    key = f"diagnosis/reference/{bank.assignment}/{function}/{fingerprint(inputs)}"

    def full() -> dict | None:  # the whole reference run: computed only when a rule needs it
        return ctx.memo(key, lambda: evaluate(bank, bank.reference, function, inputs, None))

    prefix = ctx.memo(f"{key}/{limit}", lambda: evaluate(bank, bank.reference, function, inputs, limit))
    if prefix is None:
        return []
    losses = got.get("losses")
    if losses is not None:
        losses = np.asarray(losses, dtype=float).ravel()
    params = [k for k in got if k != "losses"]

    # 1. the losses are the only thing wrong, from the first entry on
    if losses is not None and losses.size and params and not _same_start(losses, prefix["losses"], tol):
        ref = full()
        if ref is not None and all(k in ref for k in params) and losses.size == ref["losses"].size:
            if all(block_distance(got[k], ref[k]) <= tol for k in params):
                # a loss that an earlier check found right for the student's own forward, which is wrong
                # (``mse_loss`` of a wrong ``predict``): the forward is what makes every loss differ
                forward = any("wrong-forward" in f[3] for f in rec.failed if f[1] not in ("training", "convergence"))
                loss = any("wrong-loss" in f[3] for f in rec.failed)
                return ["wrong-forward"] if forward and not loss else ["wrong-loss"]

    # 2. mutants: gradient/forward ones when an upstream check failed, else training ones
    source = getattr(getattr(ctx, "student", None), "source", None)
    used = uses(source.text, function) if source is not None else None
    upstream = rec.upstream_failed(bank.upstream if used is None else bank.upstream & used, spec.id)
    stages = ("gradient", "forward") if upstream else ("training",)
    result = match(bank, function, inputs, got, tol, stages, limit=limit, reference=prefix)
    if result.ids:
        return result.ids
    if result.ambiguous:
        from . import _note_ties
        _note_ties(fail, result)
        return []

    # 3. the dynamics can be judged only on a sound forward/gradient and the same start
    if upstream or losses is None or losses.size == 0 or not _same_start(losses, prefix["losses"], tol):
        return []

    # 4. the student's own initialisation
    if isinstance(ev.get("init"), dict):
        named = init_rules(bank, {"got": ev["init"], "X": ev.get("X", _data(inputs)), "h0": ev.get("h0"),
                                  "trained": ev.get("got")})
        if named:
            return named

    ref = full()
    if ref is None:
        return []
    ref_losses = ref["losses"]
    kind = ev.get("kind")

    # 5. the run is the reference's at another learning rate
    given, rate = fit_rate(bank, function, inputs, losses, tol, limit)
    if rate is not None:
        note = f"; your training follows the reference's exactly at lr={rate:g} (the lr passed in is {given:g})"
        if rate > given and (diverged(losses, ref_losses) or losses[-1] > ref_losses[-1]):
            fail.message += note + _stable_rate_note(bank, ev, inputs, fail)
            return ["learning-rate-too-high"]
        if rate < given:
            fail.message += note
            earlier = [m for f in rec.failed if f[0] != spec.id and f[2] == function for m in f[3]]
            if "learning-rate-too-high" in earlier:  # the same fixed rate, whatever it is given: one mistake
                fail.message += "; your training steps with a rate of its own, not the lr it is given"
                return ["learning-rate-too-high"]
            return ["not-converged"]
        fail.message += note
        return []

    # 6. divergence, unless the first step was the reference's own (then the rate is right, and what goes
    #    wrong later is something else: e.g. gradients taken at stale activations)
    first_step_same = (losses.size >= 2 and ref_losses.size >= 2
                       and curve_distance(losses[:2], ref_losses[:2]) <= tol)
    if diverged(losses, ref_losses) and not first_step_same:
        fail.message += _stable_rate_note(bank, ev, inputs, fail)
        return ["learning-rate-too-high"]

    # 7. stalled far above the reference; a short run must also take the reference's first step
    if kind != "convergence" and (losses.size < 2 or ref_losses.size < 2
                                  or curve_distance(losses[:2], ref_losses[:2]) > tol):
        return []
    if stalled(losses, ref_losses, ev.get("optimum"), convergence=(kind == "convergence"), tol=tol):
        return ["not-converged"]
    return []


def uses(text: str, function: str) -> frozenset[str] | None:
    """The module-level functions the student's ``function`` calls, directly or through others it calls (by
    name): what its run depends on. None (everything) when the file cannot be read that way (then every
    failed upstream check counts, as before): a student's ``sgd`` that computes its own gradient does not depend on
    a wrong ``mse_gradients``."""
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    if function not in defs or any(isinstance(n, ast.ClassDef) for n in tree.body):
        return None  # a class's methods may call anything: no claim
    seen, todo = set(), [function]
    while todo:
        name = todo.pop()
        for node in ast.walk(defs[name]):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in seen:
                seen.add(node.id)  # called, or passed on (map(f, ...), a callback): either way used
                if node.id in defs:
                    todo.append(node.id)
    return frozenset(seen)


#: Learning rates students hard-code: 1, 2, 2.5, 3, 5 times a power of ten, 1e-4 to 5e3.
RATE_GRID = tuple(sorted({round(m * 10.0 ** e, 10) for e in range(-4, 4) for m in (1, 2, 2.5, 3, 5)}))


def fit_rate(bank, function: str, inputs, losses: np.ndarray, tol: float, limit: int) -> tuple[float, float | None]:
    """(the lr passed in, the one grid rate at which the reference reproduces ``losses``, or None)."""
    where = getattr(bank.module, "RATE_AT", {}).get(function)
    given = _get(inputs, "lr", where)
    if not isinstance(given, (int, float)) or isinstance(given, bool) or given <= 0:
        return float("nan"), None
    hits = []
    for rate in RATE_GRID:
        if abs(rate - given) <= 1e-9 * given:
            continue
        trial = _put(inputs, "lr", where, rate)
        out = evaluate(bank, bank.reference, function, trial, SCREEN)
        if out is not None and curve_distance(losses, out["losses"]) <= tol:
            hits.append((rate, trial))
    confirmed = []
    for rate, trial in hits:
        out = evaluate(bank, bank.reference, function, trial, limit)
        if out is not None and curve_distance(losses, out["losses"]) <= tol:
            confirmed.append(rate)
    return float(given), (confirmed[0] if len(confirmed) == 1 else None)


def _get(inputs, name: str, where: int | None):
    if isinstance(inputs, dict):
        return inputs.get(name)
    if where is not None and isinstance(inputs, (tuple, list)) and len(inputs) > where:
        return inputs[where]
    return None


def _put(inputs, name: str, where: int | None, value):
    if isinstance(inputs, dict):
        return {**inputs, name: value}
    out = list(inputs)
    out[where] = value
    return tuple(out)


def _stable_rate_note(bank, ev: dict, inputs, fail) -> str:
    rate = _stable_rate(bank, ev, inputs)
    if rate is None or "largest stable" in fail.message:
        return ""
    return f"; the largest stable learning rate for these data is {rate:.3g} (2 / λ_max of the Hessian)"


def _same_start(losses: np.ndarray, ref_losses: np.ndarray, tol: float) -> bool:
    a, b = float(losses[0]), float(ref_losses[0])
    return math.isfinite(a) and abs(a - b) <= max(tol, 1e-9) * (abs(a) + abs(b)) + 1e-300


def diverged(losses: np.ndarray, ref_losses: np.ndarray) -> bool:
    """NaN/inf, or the loss ends above where it started while the reference's goes down."""
    losses = np.asarray(losses, dtype=float)
    if not np.all(np.isfinite(losses)):
        return True
    if losses.size < 2:
        return False
    ref_down = ref_losses.size >= 2 and np.isfinite(ref_losses[-1]) and ref_losses[-1] < ref_losses[0]
    return bool(losses[-1] > 1.5 * losses[0] or (ref_down and losses[-1] > losses[0] * (1 + 1e-3)))


def stalled(losses: np.ndarray, ref_losses: np.ndarray, optimum: Any = None, convergence: bool = False,
            tol: float = 1e-6) -> bool:
    """The run stops far above where the reference (or the optimum) gets."""
    losses = np.asarray(losses, dtype=float)
    if losses.size < 2 or not np.all(np.isfinite(losses)):
        return False
    start, end = float(losses[0]), float(losses[-1])
    target = float(optimum) if isinstance(optimum, (int, float)) and math.isfinite(optimum) else float(ref_losses[-1])
    progress_needed = start - target
    if progress_needed <= 0:
        return False
    if convergence:
        return end > target * 1.01 + 1e-9 and (start - end) < 0.99 * progress_needed
    n = min(losses.size, ref_losses.size)
    never_ahead = bool(np.all(losses[:n] >= ref_losses[:n] * (1 - 10 * tol) - 1e-12))
    monotone = bool(np.all(np.diff(losses) <= 10 * tol * np.abs(losses[:-1]) + 1e-12))
    return never_ahead and monotone and (start - end) < 0.9 * progress_needed


def _stable_rate(bank, ev: dict, inputs) -> float | None:
    if isinstance(ev.get("lr_max"), (int, float)):
        return float(ev["lr_max"])
    fn = getattr(bank.module, "largest_stable_rate", None)
    data = _data(inputs)
    if fn is None or data is None:
        return None
    try:
        return float(fn(data))
    except Exception:  # noqa: BLE001
        return None


def fingerprint(value: Any) -> str:
    """A short digest of evidence inputs (arrays by content, other leaves by repr)."""
    h = hashlib.sha1()

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for k in sorted(v, key=str):
                h.update(str(k).encode())
                walk(v[k])
        elif isinstance(v, (list, tuple)):
            h.update(b"[")
            for item in v:
                walk(item)
            h.update(b"]")
        elif isinstance(v, np.ndarray):
            a = np.ascontiguousarray(v)
            h.update(repr((a.shape, str(a.dtype))).encode() + a.tobytes())
        else:
            h.update(repr(v).encode())

    walk(value)
    return h.hexdigest()[:16]


def _data(inputs) -> np.ndarray | None:
    """The data X: ``inputs["X"]``, or the first 2-D-or-more array among positional inputs."""
    if isinstance(inputs, dict):
        X = inputs.get("X")
        return X if isinstance(X, np.ndarray) else None
    for item in inputs if isinstance(inputs, (tuple, list)) else ():
        if isinstance(item, np.ndarray) and item.ndim >= 2:
            return item
    return None


def init_rules(bank, ev: dict) -> list[str]:
    """symmetric-init / init-too-large from the student's init (and the parameters after training)."""
    got = ev.get("got")
    if not isinstance(got, dict):
        return []
    params = flatten(got)
    symmetric = getattr(bank.module, "symmetric", None)
    saturation = getattr(bank.module, "saturation", None)
    trained = flatten(ev["trained"]) if isinstance(ev.get("trained"), dict) else None
    try:
        if symmetric is not None and (symmetric(params) or (trained is not None and symmetric(trained))):
            return ["symmetric-init"]
        X = ev.get("X")
        if X is None and hasattr(bank.module, "default_data"):
            X = bank.module.default_data(params)
        if saturation is not None and X is not None:
            args = (params, np.asarray(X, dtype=float))
            if ev.get("h0") is not None:
                args += (np.asarray(ev["h0"], dtype=float),)
            if saturation(*args) > float(getattr(bank.module, "SATURATED", SATURATED)):
                return ["init-too-large"]
    except Exception:  # noqa: BLE001 - parameters of the wrong shape: the shape checks say so
        return []
    return []
