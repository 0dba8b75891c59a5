"""Point at the line by repairing it: the one place where a small edit makes the failed checks pass.

The last pointing step, for a mistake that failed checks named and no other step found a line for. Each
candidate is one small edit of the student's own file, of a kind that undoes that mistake (``edits.py``: an
activation left out or swapped, a ``<`` made ``<=``, a ``.T``, a factor, a sign, ...). Each edited file is
loaded in a sandbox of its own, like the submission, and the checks are run on it again, the checks
themselves (no comparison is written twice): first the failed checks that named the mistake, then every check
that passed and every failed check that named nothing (the convergence checks never: a student's training
per edit costs too much). A line is pointed at when every edit that makes all of them pass is on that one
line (or that one set of lines: one edit made at several places of a function): nowhere else can one such
edit undo it. When edits on two places each do, nothing is pointed at (unless one kind of edit only covers what
the other undoes: ``PREFERRED``, ``ON_THE_WAY``); so is it when the search has more
edits to try than ``MAX_EDITS`` (a count: the same line on a slow machine) or runs past its time. Student
code runs only in the sandbox; what an edited file prints is never shown.
"""
from __future__ import annotations

import dataclasses
import time

from ..checks.base import Context, run_check
from ..reference import Recorder
from ..sandbox.process import SandboxError
from ..sandbox.session import Session, StudentError
from .edits import FAMILIES, Edit, apply, edits, way_lines

#: at most this many edited files are tried for one mistake (more: nothing is pointed at). A count, not a
#: time, bounds the search, so that the same file is pointed at the same line on a slow machine too
MAX_EDITS = 100
#: the search's time, per submission, past which it gives up: a guard against a pathological file only
BUDGET_SECONDS = 10.0
#: any one call of an edited file (an edit may make a loop endless)
CALL_SECONDS = 2.0

#: a file whose top level took longer than this to load is never edited: each edit loads it again
SLOW_LOAD_SECONDS = 0.5

#: checks never re-run on an edited file: the student's training to convergence costs too much per edit (and
#: a run that stops short is made right by more edits than the one: a counter left out, a rate scaled)
SLOW_CATEGORIES = frozenset({"convergence"})

#: mistakes no edit of one place undoes, or whose place the other steps own
UNREPAIRABLE = frozenset({"shape-mismatch", "not-implemented", "stale-gradient-state", "mutates-input",
                          "symmetric-init", "missing-recurrent-gradient", "missing-reflected-operator",
                          "wrong-topological-order", "unseeded-gradient", "overwrite-not-accumulate"})

#: where edits of two kinds each repair it: the first kind is the student's own attempt gone wrong, the second
#: only covers it (a shift by the minimum made a maximum, not a second shift added where ``exp`` is taken)
PREFERRED = {"unstable-softmax": ("extremes", "shifts")}
#: where a layer's value is given to a derivative: an edit on the backward's way (``1 - a ** 2`` given ``h``) is
#: preferred over one that changes what the forward keeps (``cache = (x, h)``), which only covers it
ON_THE_WAY = frozenset({"derivative-formula-on-preactivation", "activation-derivative-at-output"})


# --------------------------------------------------------------------------- trying them


def _passes(ctx: Context, session: Session, text: str, specs: list, deadline: float) -> bool:
    """Whether every check of ``specs`` passes on the student's file edited to ``text``, loaded in ``session``
    (one sandbox for every version of this one file: a fresh module each time, what the last one kept dropped)."""
    if time.monotonic() > deadline:
        return False
    try:
        session.reload(dataclasses.replace(ctx.student.source, text=text))
        if set(session.failed_statements) != set(ctx.student.failed_statements):
            return False  # the edit broke the file's top level (or mended it): not this mistake's place
        trial = Context(session, ctx.ref, ctx.assignment, shared=ctx.shared, student_mode=ctx.student_mode)
        for spec in specs:
            if time.monotonic() > deadline or not run_check(spec, trial).passed:
                return False
        return True
    except (SandboxError, StudentError):
        return False


def _session(ctx: Context, deadline: float) -> Session:
    """The sandbox the edited versions are tried in: the submission's limits, a short call, no output kept."""
    remaining = max(deadline - time.monotonic(), 0.0)
    limits = dataclasses.replace(ctx.student.limits, call_seconds=min(CALL_SECONDS, remaining),
                                 submission_seconds=remaining, output_bytes=0)
    return Session(ctx.student.source, ctx.student.statements, limits, ctx.student.isolation,
                   module=ctx.student.module)


def repairs(ctx: Context, mistake: str, specs: list, others: list, entry: set[str],
            deadline: float, way: set[str] | None = None) -> list[Edit] | None:
    """The edits after which every check of ``specs`` passes, and then every one of ``others`` too (tried only
    on an edit that passed the first: most edits fail the first check they meet); None when the search ran out
    of time or had too many edits to try. It stops at the second place found (nothing will be pointed at),
    unless a preference may still settle it (``PREFERRED``, ``ON_THE_WAY``)."""
    candidates = edits(ctx.student.source.text, mistake, entry, way)
    if not candidates or len(candidates) > MAX_EDITS:
        return None
    found: list[Edit] = []
    session = _session(ctx, deadline)
    try:
        for edit in candidates:
            if time.monotonic() > deadline:
                return None
            if _passes(ctx, session, apply(ctx.student.source.text, edit), specs + others, deadline):
                found.append(edit)
                if mistake not in PREFERRED and mistake not in ON_THE_WAY and len({e.lines for e in found}) > 1:
                    break
    finally:
        session.close()
    return found


def _preferred(mistake: str, found: list[Edit], way: frozenset[int] = frozenset()) -> list[Edit]:
    """The edits kept when several repair it: ``PREFERRED``'s first kind over its second, and for ``ON_THE_WAY``
    mistakes the edits on the backward's way (``way``: its lines) over the others."""
    first, second = PREFERRED.get(mistake, ("", ""))
    if any(e.family == first for e in found):
        found = [e for e in found if e.family != second]
    if mistake in ON_THE_WAY and any(set(e.lines) <= way for e in found):
        found = [e for e in found if set(e.lines) <= way]
    return found


def point_repairs(failures: list, ctx: Context, results: list = ()) -> None:
    """The step: for each mistake named by failed checks that no other step found a line for, the one line
    where an edit makes them pass, keeps every check that passed passing, and makes pass every failed check
    that named this mistake or none (convergence is never re-run: a student's training costs too much)."""
    from .. import registry
    from .lines import _attach, _static

    if ctx.student.timings.get("load", 0.0) > SLOW_LOAD_SECONDS or isinstance(ctx.ref, Recorder):
        return  # (``grade --publish`` records the answer's calls per check: no edited file may add to them)
    deadline = min(time.monotonic() + BUDGET_SECONDS, ctx.student.deadline)
    by_mistake: dict[str, list] = {}
    for spec, fail, result in failures:
        for mistake in result.mistakes:
            if mistake in FAMILIES and mistake not in UNREPAIRABLE:
                by_mistake.setdefault(mistake, []).append((spec, fail, result))
    if not by_mistake:
        return
    outcome = {r.id: r for r in results}
    checks = [spec for spec in registry.get(ctx.assignment).checks
              if spec.category not in SLOW_CATEGORIES and spec.id in outcome and not outcome[spec.id].held]
    source = ctx.student.source
    lines = source.text.splitlines()
    for mistake, named in by_mistake.items():
        if any((r.details if isinstance(r.details, dict) else {}).get("lines") for _, _, r in named):
            continue  # a line was found for this mistake: never a second opinion
        specs = [spec for spec, _, _ in named if spec.category not in SLOW_CATEGORIES]
        if not specs:
            continue
        others = [spec for spec in checks if spec not in specs and
                  (outcome[spec.id].passed or not outcome[spec.id].mistakes)]
        entry = {spec.function for spec in specs if spec.function}
        way: set[str] = set()
        for spec, fail, _ in named:
            ev = fail.evidence if isinstance(fail.evidence, dict) else {}
            called = {c.fn for c in (ev.get("calls") or ev.get("last_calls") or []) if isinstance(c.fn, str)}
            entry |= called
            if spec.category == "gradient" and spec.function:
                way.add(spec.function)  # the backward (its calls run the forward too: not the gradient's way)
        # the quickest checks first (as long as they took on the file itself): most edits fail the first one
        cost = {spec.id: getattr(outcome.get(spec.id), "seconds", 0.0) or 0.0 for spec in specs + others}
        specs.sort(key=lambda spec: cost[spec.id])
        others.sort(key=lambda spec: cost[spec.id])
        found = repairs(ctx, mistake, specs, others, entry, deadline, way or None)
        found = _preferred(mistake, found or [],
                           way_lines(source.text, way or entry) if mistake in ON_THE_WAY else frozenset())
        if not found or len({e.lines for e in found}) != 1 or not all(0 < n <= len(lines) for n in found[0].lines):
            continue
        edit = found[0]
        label = f"with {edit.label} here, the checks that failed pass" if not edit.more else \
            f"with {edit.label} on each of lines {', '.join(str(n) for n in edit.lines)}, the checks that failed pass"
        pointed = [_static(source, lines, n, mistake, label) for n in edit.lines]
        for _, _, result in named:
            _attach(result, pointed, source)
