"""Diagnosis: when a check fails, name the catalogued mistake(s) that explain its evidence.

One pipeline for every assignment. The runner runs every check first, then
calls ``diagnose(spec, ctx, fail) -> list[str]`` once per failed check, in
check order (``checks.base.name_mistakes``); the ids it returns are appended
to that check's ``mistakes``.
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
    point is ``(params, X, Y)`` (or ``(params, X, h0, Y)`` for a recurrent network): the
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
1. On gradient evidence, one relation that holds for every block at once
   (sign, one constant factor: ``common.compare_grads``) needs no mutant.
2. Mutant matching (``match.match``): the evidence's quantity under every
   mutant of ``solutions/<name>_mistakes.py``; the id is named only when the
   matching mutants all share it and no other id comes close (see
   ``grader/diagnosis/match.py``). Ties name nothing. On gradient evidence,
   relations of single blocks and reshaped transposes come after the
   mutants (``_gradients``).
3. Training dynamics (``dynamics.py``), only when no check of a function
   training depends on (``UPSTREAM``: forward, loss, gradient) has failed for
   this submission: a failed gradient explains a failed training, and the
   training checks then name the gradient's mutant if it reproduces the
   trajectory, or nothing.

The record of the failed checks seen so far in this pass lives in
``ctx.cache["diagnosis"]`` (the pass goes in check order: api, shape,
forward, gradient, training, convergence, so upstream failures are known
when training is judged). A convergence failure of a function whose
training run a training mutant (``update-rule``, ``skips-samples``) or
``mutates-input`` already explained is named by that mistake, not by its
dynamics.
``diagnose`` may append one sentence to ``fail.message`` when a number helps
the student (the largest stable learning rate, the mutants a tie is between).
"""
from __future__ import annotations


import numpy as np

from ..checks.base import CheckSpec, Context, Fail
from ..checks.common import compare_grads, is_low_precision, rel_error
from ..checks.networks import MISTAKE_NOTES
from . import dynamics, lines
from .match import LIMIT, TOL32, TOL64, Match, block_distance, evaluate, flatten, match
from .mutants import bank as get_bank

TRAINING_KINDS = ("training", "convergence", "train")
GRADIENT_KINDS = ("gradients", "gradient", "backward")
RELATION_IDS = ("gradient-sign", "gradient-scale", "transposed-gradient")
DYNAMICS_IDS = ("learning-rate-too-high", "not-converged")
TRAINING_MUTANT_IDS = ("update-rule", "skips-samples", "mutates-input")


class Record:
    """What failed so far in this submission (function, category, ids)."""

    def __init__(self) -> None:
        self.failed: list[tuple[str, str, str | None, tuple[str, ...]]] = []

    def add(self, spec: CheckSpec, fail: Fail, named: list[str]) -> None:
        self.failed.append((spec.id, spec.category, fail.function or spec.function,
                            tuple(fail.mistakes) + tuple(named)))

    def explained_training(self, function: str | None, exclude: str) -> list[str]:
        """Ids an earlier failed training check of ``function`` was explained by (a training mutant, or
        ``train`` changing its arguments)."""
        return [m for f in self.failed if f[0] != exclude and f[1] == "training" and f[2] == function
                for m in f[3] if m in TRAINING_MUTANT_IDS]

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
        explained = rec.explained_training(fail.function or spec.function, spec.id)
        if explained and spec.category == "convergence":
            # a longer run of a function whose training a mutant (or train changing its arguments) already
            # explained: that mistake explains this run too, and its dynamics (divergence, stalling) are not
            # a second mistake
            fail.mistakes[:] = [m for m in fail.mistakes if m not in DYNAMICS_IDS]
            return [m for m in dict.fromkeys(explained) if m not in fail.mistakes]
        rate = [m for f in rec.failed if f[0] != spec.id and f[1] == "training" and
                f[2] == (fail.function or spec.function) for m in f[3] if m == "learning-rate-too-high"]
        if rate and spec.category == "convergence":
            # the training check found the student's rate too high: a longer run with another lr goes wrong
            # for the same reason (a rate of their own, or one misused), not for a second mistake
            fail.mistakes[:] = [m for m in fail.mistakes if m not in DYNAMICS_IDS]
            return ["learning-rate-too-high"]
        if ctx.student_mode and spec.category == "convergence":
            # no mutants in a student's install: a run that diverges or stalls with right gradients may be a
            # wrong update rule, skipped samples or altered inputs as well as a bad rate, so its dynamics name
            # nothing there (the course's grader, with the mutants, tells them apart)
            fail.mistakes[:] = [m for m in fail.mistakes if m not in DYNAMICS_IDS]
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        bank = None if ctx.student_mode else get_bank(ctx.assignment)  # no mutants in a student's install
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
        return _gradients(bank, fail, ev, function, got, tol) or _overwritten(ctx, fail, ev, bank, function, got, tol)
    result = match(bank, function, ev["inputs"], got, tol, ("forward", "gradient"))
    _note_ties(fail, result)
    return result.ids


def _gradients(bank, fail: Fail, ev: dict, function: str, got: dict, tol: float) -> list[str]:
    """Gradient evidence, most specific first:

    1. one relation for every block at once (sign, one factor): certain, needs no mutant;
    2. a mutant that reproduces every block (a bias gradient that is a mean is ``bias-not-summed``,
       not a "scale" of the bias block);
    3. relations of single blocks (one block's sign, scale or transpose);
    4. weight blocks that hold the transpose's numbers reshaped to the weight's shape.
    """
    if any(m in fail.mistakes for m in RELATION_IDS):
        return []
    ref = evaluate(bank, bank.reference, function, ev["inputs"], None)
    if ref is None:
        return []
    keys = [k for k in ref if k in got]
    comp = None
    # a relation needs at least two numbers: one number is always some multiple of another
    if keys and all(np.shape(got[k]) == np.shape(ref[k]) for k in keys) and sum(np.size(ref[k]) for k in keys) > 1:
        comp = compare_grads({k: got[k] for k in keys}, {k: ref[k] for k in keys}, tol)
        if comp.mistakes and comp.relation.startswith("every gradient"):
            return list(comp.mistakes)
    result = match(bank, function, ev["inputs"], got, tol, ("gradient", "forward"), reference=ref)
    _note_ties(fail, result)
    if result.ids:
        note = MISTAKE_NOTES.get(result.ids[0])
        if note:
            fail.message += f"; {note}"
        _add_pictures(bank, fail, ev, result)
        return result.ids
    if comp is not None and len(comp.wrong) > 1:
        per_block = _per_block(result.outputs, got, ref, comp.wrong, tol)
        if per_block:
            fail.message += "; " + "; ".join(f"{k}: {name}" for k, (_, name) in per_block.items())
            return sorted({mid for mid, _ in per_block.values()})
    scaled = _scaled_mutant(result.outputs, got, ref, tol)
    if scaled:
        mid, name, alpha = scaled
        fail.message += (f"; every gradient is {alpha:.4g} times what the mistake '{name}' gives: two mistakes at "
                         "once, that one and a factor" + (" with the sign flipped" if alpha < 0 else ""))
        return [mid, "gradient-scale"] + (["gradient-sign"] if alpha < 0 else [])
    if comp is not None and comp.mistakes:
        return list(comp.mistakes)
    if comp is not None and comp.wrong and all(_reshaped_transpose(got[k], ref[k], tol) for k in comp.wrong):
        fail.message += (f"; the gradient of {', '.join(comp.wrong)} holds the right numbers in the wrong places: "
                         "it is the transpose of the correct one, reshaped")
        return ["transposed-gradient"]
    return []


def _overwritten(ctx: Context, fail: Fail, ev: dict, bank, function: str, got: dict, tol: float) -> list[str]:
    """A wrong gradient no mutant explains, from a function whose loop overwrites what it should add up
    (``lines.overwrite_lines``: set to zero before the loop, ``=`` where ``+=`` belongs, used after, reaching
    what it returns): the mistake in part of the computation that mutants of the whole do not reproduce
    (``dWxh`` overwritten, the biases accumulated). Only when no more blocks are wrong than names are
    overwritten: a block wrong besides them has another cause, and a harmless structure (a loop that
    happens to run once) must not take its name."""
    source = getattr(getattr(ctx, "student", None), "source", None)
    found = lines.overwrite_lines(source.text, function) if source is not None else []
    ref = evaluate(bank, bank.reference, function, ev["inputs"], None) if found else None
    if not found or ref is None:
        return []
    names = {lines.overwritten_name(source.text, line) for line in found} - {None}
    wrong = [k for k in ref if k in got and block_distance(got[k], ref[k]) > tol]
    if not wrong or len(wrong) > len(names):
        return []
    fail.message += "; a loop sets with = what should add up with += over its passes"
    return ["overwrite-not-accumulate"]


def _per_block(outs: list, got: dict, ref: dict, wrong: list[str], tol: float) -> dict[str, tuple[str, str]]:
    """Two mistakes in different blocks: each wrong block reproduced by the mutants of exactly one id (and
    no other id within ten tolerances), among ``outs`` (the mutants ``match`` ran, with their outputs). All
    blocks explained, or nothing: ``{block: (id, mutant name)}``."""
    found: dict[str, tuple[str, str]] = {}
    for k in wrong:
        hits, near = {}, set()
        for mutant, out in outs:
            if k not in out or block_distance(out[k], ref[k]) <= tol:
                continue
            d = block_distance(got[k], out[k])
            if d <= tol:
                hits.setdefault(mutant.id, mutant.name)
            if d <= 10 * tol:
                near.add(mutant.id)
        if len(hits) != 1 or near != set(hits):
            return {}
        found[k] = next(iter(hits.items()))
    return found


def _scaled_mutant(outs: list, got: dict, ref: dict, tol: float) -> tuple[str, str, float] | None:
    """Two mistakes at once, one of them a constant factor: every block of the student's gradient is the same
    factor ``c`` (not 1, not -1) times a mutant's, while that mutant is no mere factor of the reference (it
    would be one mistake then). Named only when the mutants that fit share one id (``match``'s rule):
    ``(id, mutant name, c)``."""
    hits: dict[str, tuple[str, float]] = {}
    for mutant, out in outs:
        if mutant.id in RELATION_IDS[:2]:
            continue
        keys = [k for k in ref if k in got and k in out]
        if not keys or any(np.shape(got[k]) != np.shape(out[k]) for k in keys):
            continue
        g = np.concatenate([np.ravel(got[k]) for k in keys]).astype(float)
        o = np.concatenate([np.ravel(out[k]) for k in keys]).astype(float)
        r = np.concatenate([np.ravel(ref[k]) for k in keys]).astype(float)
        if g.size < 2 or not np.all(np.isfinite(g)) or not np.all(np.isfinite(o)) or float(o @ o) == 0.0:
            continue
        alpha = float(g @ o / (o @ o))
        if abs(abs(alpha) - 1) <= max(1e-6, tol) or rel_error(g, alpha * o) > tol:
            continue
        beta = float(o @ r / (r @ r)) if float(r @ r) else 0.0
        if float(r @ r) and rel_error(o, beta * r) <= 10 * tol:
            continue  # the mutant is itself a factor of the reference: the factor alone explains it
        hits.setdefault(mutant.id, (mutant.name, alpha))
    if len(hits) != 1:
        return None
    mid, (name, alpha) = next(iter(hits.items()))
    return mid, name, alpha


def _reshaped_transpose(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.ndim == 2 and b.ndim == 2 and a.size > 1 and a.shape == b.shape and \
        rel_error(a, b.T.reshape(b.shape)) <= tol


def _add_pictures(bank, fail: Fail, ev: dict, result: Match) -> None:
    """Pictures an assignment can draw once the mistake is known (a recurrent network: the error by time step)."""
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
