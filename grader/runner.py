"""Grading one submission: load → sandbox → checks → diagnosis → score.

``grade_submission`` never raises for anything a submission does: every
outcome, from a syntax error to a process that kills itself, becomes a
``SubmissionResult`` with a status and a message.
"""
from __future__ import annotations

import hashlib
import importlib
import time
import traceback
from dataclasses import dataclass, field

from . import __version__, checks, load
from .checks.base import Context, run_check
from .discover import Submission
from .results import CheckResult, SubmissionResult
from .sandbox.isolation import Isolation, detect
from .sandbox.process import Limits, SandboxError
from .sandbox.session import Session


@dataclass
class Options:
    """Everything about a run that can change a score (part of the resume key)."""

    limits: Limits = field(default_factory=Limits)
    diagnose: bool = True

    def key(self) -> str:
        lim = self.limits
        return (f"{__version__}|{lim.call_seconds}|{lim.submission_seconds}|{lim.memory_bytes}|"
                f"{self.diagnose}")


def file_hash(sub: Submission) -> str:
    """The submission file's SHA-256; "" for what is never read (a reported link, a device, a huge file)."""
    if sub.problem:
        return ""
    try:
        return hashlib.sha256(load.read_bytes(sub.path)).hexdigest()
    except load.LoadError:
        return ""


def grade_submission(sub: Submission, options: Options | None = None, isolation: Isolation | None = None,
                     shared: dict | None = None) -> SubmissionResult:
    """Grade one file; never raises for anything the file does."""
    options = options or Options()
    iso = isolation or detect()
    start = time.perf_counter()
    result = SubmissionResult(student=sub.student, assignment=sub.assignment, path=str(sub.path), status="graded",
                              sandbox=iso.level, grader_version=__version__,
                              file_sha256=file_hash(sub))
    try:
        _grade_into(result, sub, options, iso, {} if shared is None else shared)
    except Exception:  # noqa: BLE001 - a grader bug: reported, never a traceback for the user
        result.status = "error"
        result.message = "the grader failed on this file (a grader bug; please report it)"
        result.internal_errors.append(traceback.format_exc(limit=6))
    finally:
        result.seconds = round(time.perf_counter() - start, 3)
    return result


def _grade_into(result: SubmissionResult, sub: Submission, options: Options, iso: Isolation, shared: dict) -> None:
    if sub.problem:
        result.status, result.message = "error", sub.problem
        return
    if sub.assignment not in checks.available():
        result.status = "unrecognised"
        known = ", ".join(checks.available())
        result.message = (f"the file name matches no assignment (it should contain one of: {known})"
                          if not sub.assignment else f"the grader has no checks for {sub.assignment!r} yet")
        result.assignment = sub.assignment
        return
    module = checks.module(sub.assignment)
    result.max_score = float(sum(c.points for c in module.CHECKS))
    t0 = time.perf_counter()
    try:
        source = load.read_source(sub.path)
        statements = load.plan(source)
    except load.LoadError as exc:
        result.status, result.message = "error", str(exc)
        return
    except SyntaxError as exc:
        result.status, result.line = "error", exc.lineno
        where = source.where(exc.lineno) if exc.lineno else ""
        result.message = f"the file cannot be loaded: {type(exc).__name__}: {exc.msg}" + (f" ({where})" if where else "")
        return
    except (RecursionError, MemoryError, ValueError) as exc:
        result.status, result.message = "error", f"the file cannot be parsed: {type(exc).__name__}"
        return
    result.timings["parse"] = round(time.perf_counter() - t0, 4)
    session = Session(source, statements, options.limits, iso, module=sub.path.stem.replace("-", "_"))
    try:
        try:
            session.open()
        except SandboxError as exc:
            if exc.kind == "start":  # before any student code ran: the grader's fault, never the student's
                result.status = "error"
                result.message = f"the grader could not start its sandbox: {exc.detail}"
                result.internal_errors.append(result.message)
                return
            result.status = "timeout" if exc.kind == "timeout" else "crashed"
            result.message = f"the sandbox could not load the file: {exc.detail}"
            return
        reference = importlib.import_module(f"solutions.{sub.assignment}")
        diagnose = _diagnoser(options)
        ctx = Context(session, reference, sub.assignment, shared=shared.setdefault(sub.assignment, {}))
        by_category: dict[str, float] = {}
        for spec in module.CHECKS:
            t = time.perf_counter()
            result.checks.append(run_check(spec, ctx, diagnose, result.internal_errors))
            by_category[spec.category] = by_category.get(spec.category, 0.0) + time.perf_counter() - t
        result.timings.update({f"checks_{k}": round(v, 4) for k, v in by_category.items()})
    finally:
        result.skipped = session.skipped()
        result.output, result.output_bytes = session.output()
        session.close()
        result.timings["sandbox_start"] = round(session.timings["sandbox_start"], 4)
        result.timings["load"] = round(session.timings["load"], 4)
    result.score = round(sum(c.points for c in result.checks), 4)
    if any(c.details.get("failure") == "budget" for c in result.checks):
        result.status = "timeout"
        result.message = (f"the submission used up its time budget of {options.limits.submission_seconds:g} s; "
                          "the checks that did not run score 0")


def _diagnoser(options: Options):
    if not options.diagnose:
        return None
    try:
        from .diagnosis import diagnose
    except ModuleNotFoundError:
        return None
    return diagnose


def summarize(checks_: list[CheckResult]) -> dict[str, tuple[float, float]]:
    """Points and maximum per category."""
    out: dict[str, tuple[float, float]] = {}
    for c in checks_:
        got, most = out.get(c.category, (0.0, 0.0))
        out[c.category] = (got + c.points, most + c.max_points)
    return out
