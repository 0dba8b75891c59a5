"""Diagnosis: when a check fails, name the catalogued mistake(s) that explain its evidence.

``diagnose(spec, ctx, fail) -> list[str]`` is called by ``run_check`` on every
failed check; the ids it returns are appended to the check's ``mistakes``.
It never calls student code: it works on what the check put in
``fail.evidence`` and runs only the reference and its mutants, in the
grader's process, on the evidence's inputs.

Evidence schema (a dict on ``Fail(evidence=...)``)
---------------------------------------------------
``kind``
    ``"gradients"``  the student's gradient at a point;
    ``"outputs"``    the output of a non-training contract function;
    ``"training"``   a training run (losses and final parameters);
    ``"convergence"`` a longer training run judged against an optimum;
    ``"init"``       the student's ``init_params`` (and optionally a run from it).
    For backward compatibility a training function's name (``"gradient_descent"``,
    ``"sgd"``, ``"train"``) as the kind means ``"training"``.
``function``
    the contract function whose result ``got`` is (default: the kind when it
    names a function, else the check's ``function``).
``inputs``
    the positional arguments the check passed to that function (``Rng(seed)``
    stands for a fresh ``default_rng(seed)``). For gradients of networks the
    point is ``(params, X, Y)`` (or ``(params, X, h0, Y)`` for the RNN): the
    reference recomputes the forward pass itself.
``got``
    the student's result: a dict of arrays (gradients by parameter name), or
    for training ``{"losses": [...], <parameter>: array, ...}`` (a nested
    ``"params"`` dict is accepted).
``low_precision`` (optional)
    the student computed in float32; when absent it is read off ``got``'s dtypes.
For ``"convergence"``: optional ``optimum`` (the best loss), ``lr_max`` (the
largest stable rate). For ``"init"``: ``got`` is the parameter dict from the
student's ``init_params``, ``X`` the data the network is meant for, optional
``trained`` (parameters after training from that init) and ``losses``.

How ids are chosen
------------------
1. Relation tests first, where they need no mutant: sign, constant factor,
   transpose (``common.compare_grads``) on gradient evidence.
2. Mutant matching (``match.match``): the evidence's quantity under every
   mutant of ``mutants/<assignment>.py``; the id is named only when the
   matching mutants all share it and no other id comes close (see
   ``grader/diagnosis/match.py``). Ties name nothing.
3. Training dynamics (``dynamics.py``), only when no check of a function
   training depends on (``UPSTREAM``: forward, loss, gradient) has failed for
   this submission: a failed gradient explains a failed training, and the
   training checks then name the gradient's mutant if it reproduces the
   trajectory, or nothing.

The per-submission record of failed checks lives in ``ctx.cache["diagnosis"]``
(checks run in catalogue order: api, shape, forward, gradient, training,
convergence, so upstream failures are known when training is judged).
``diagnose`` may append one sentence to ``fail.message`` when a number helps
the student (the largest stable learning rate, the mutants a tie is between).
"""
from __future__ import annotations


import numpy as np

from ..checks.base import CheckSpec, Context, Fail
from ..checks.common import compare_grads, is_low_precision
from . import dynamics
from .match import LIMIT, TOL32, TOL64, Match, evaluate, flatten, match
from .mutants import bank as get_bank

TRAINING_KINDS = ("training", "convergence", "train")
GRADIENT_KINDS = ("gradients", "gradient", "backward")
RELATION_IDS = ("gradient-sign", "gradient-scale", "transposed-gradient")


class Record:
    """What failed so far in this submission (function, category, ids)."""

    def __init__(self) -> None:
        self.failed: list[tuple[str, str, str | None, tuple[str, ...]]] = []

    def add(self, spec: CheckSpec, fail: Fail, named: list[str]) -> None:
        self.failed.append((spec.id, spec.category, fail.function or spec.function,
                            tuple(fail.mistakes) + tuple(named)))

    def upstream_failed(self, functions: frozenset[str], exclude: str) -> list[tuple]:
        """Earlier failed checks (not training ones) of functions that training depends on."""
        return [f for f in self.failed
                if f[0] != exclude and f[1] not in ("training", "convergence") and f[2] in functions]


def record(ctx: Context) -> Record:
    rec = ctx.cache.get("diagnosis")
    if not isinstance(rec, Record):
        rec = ctx.cache["diagnosis"] = Record()
    return rec


def diagnose(spec: CheckSpec, ctx: Context, fail: Fail) -> list[str]:
    """The catalogued mistakes that explain this failed check (possibly none)."""
    rec = record(ctx)
    named: list[str] = []
    try:
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        bank = get_bank(ctx.assignment)
        if ev and bank is not None and not fail.mistakes:  # a check that named its mistake is trusted
            named = _from_evidence(spec, ctx, fail, ev, bank, rec)
    finally:
        rec.add(spec, fail, named)
    return [m for m in dict.fromkeys(named) if m not in fail.mistakes]


def tolerance(ev: dict) -> float:
    low = ev.get("low_precision")
    if low is None:
        low = is_low_precision(ev.get("got"))
    return TOL32 if low else TOL64


def evidence_function(spec: CheckSpec, ev: dict, bank) -> tuple[str, str | None]:
    """(kind, function) of the evidence, normalised."""
    kind = str(ev.get("kind") or "")
    function = ev.get("function") or ev.get("fn")
    if kind in bank.quantities and kind not in GRADIENT_KINDS:
        function = function or kind
        kind = "training" if kind in getattr(bank.module, "TRAINING", ()) else "outputs"
    if function is None:
        function = spec.function
    return kind, function


def _from_evidence(spec: CheckSpec, ctx: Context, fail: Fail, ev: dict, bank, rec: Record) -> list[str]:
    kind, function = evidence_function(spec, ev, bank)
    if kind == "init":
        return dynamics.init_rules(bank, ev)
    if function not in bank.quantities or "got" not in ev or "inputs" not in ev:
        return []
    got = flatten(ev["got"])
    tol = tolerance(ev)
    if kind in TRAINING_KINDS or function in getattr(bank.module, "TRAINING", ()):
        return dynamics.diagnose_training(bank, spec, ctx, fail, ev, function, got, tol, rec)
    if kind in GRADIENT_KINDS:
        return _gradients(bank, fail, ev, function, got, tol)
    result = match(bank, function, ev["inputs"], got, tol, ("forward", "gradient"))
    _note_ties(fail, result)
    return result.ids


def _gradients(bank, fail: Fail, ev: dict, function: str, got: dict, tol: float) -> list[str]:
    """Relations first (they need no mutant), then the mutants."""
    if any(m in fail.mistakes for m in RELATION_IDS):
        return []
    ref = evaluate(bank, bank.reference, function, ev["inputs"], None)
    if ref is None:
        return []
    keys = [k for k in ref if k in got]
    if keys and all(np.shape(got[k]) == np.shape(ref[k]) for k in keys):
        comp = compare_grads({k: got[k] for k in keys}, {k: ref[k] for k in keys}, tol)
        if comp.mistakes:
            return list(comp.mistakes)
    result = match(bank, function, ev["inputs"], got, tol, ("gradient", "forward"), reference=ref)
    _note_ties(fail, result)
    if result.ids:
        _add_pictures(bank, fail, ev, result)
    return result.ids


def _add_pictures(bank, fail: Fail, ev: dict, result: Match) -> None:
    """Pictures an assignment can draw once the mistake is known (the RNN: the error by time step)."""
    profile = getattr(bank.module, "time_profile", None)
    if profile is None or not isinstance(fail.details, dict):
        return
    name = result.candidates[0][1]
    mutant = next((m for m in bank.mutants if m.name == name), None)
    try:
        bars = profile(mutant, ev["inputs"]) if mutant is not None else None
    except Exception:  # noqa: BLE001 - a picture is optional
        bars = None
    if bars:
        existing = fail.details.get("bars")
        fail.details["bars"] = (existing if isinstance(existing, list) else
                                ([existing] if existing else [])) + [bars]


def _note_ties(fail: Fail, result: Match) -> None:
    if result.ambiguous and not result.ids:
        fail.message += ("; it is reproduced by more than one catalogued mistake ("
                         + ", ".join(result.ambiguous) + "), so none is named")


__all__ = ["diagnose", "Record", "record", "LIMIT"]
