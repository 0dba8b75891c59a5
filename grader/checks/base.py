"""What a check is, and how one is run into a ``CheckResult``.

A check is a pure function of a ``Context`` (the student's sandboxed module,
the reference solution, seeded generators). It returns nothing when the
student passes, or raises ``Fail`` with a message a student can act on,
pytest-style. A ``StudentError`` (the function is missing, raised, hung,
crashed) fails the check it happened in and nothing else.
"""
from __future__ import annotations

import time
import traceback
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .. import memo_cache
from ..reference import NeedsReference, Recorder
from ..results import CATEGORIES, CheckResult
from ..sandbox.session import Session, StudentError


class Fail(Exception):
    """The student's code gave a wrong answer; the message says what and how."""

    def __init__(self, message: str, *, expected: str | None = None, got: str | None = None,
                 mistakes: list[str] | tuple[str, ...] = (), details: dict | None = None,
                 fraction: float = 0.0, function: str | None = None, evidence: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.expected, self.got = expected, got
        self.mistakes = list(mistakes)
        self.details = details or {}
        self.fraction = fraction
        self.function = function
        self.evidence = evidence or {}


@dataclass
class Context:
    """Everything a check may use."""

    student: Session
    ref: Any  #: the model answer (``solutions/<name>.py``), or its published outputs (``grader.reference``)
    assignment: str
    check_id: str = ""
    cache: dict = field(default_factory=dict)  #: per-submission memo (e.g. data sets)
    shared: dict = field(default_factory=dict)  #: per-process memo of reference results
    student_mode: bool = False  #: the answers are absent: no mutants, the reference is replayed
    _disk: Any = field(default=None, init=False, repr=False, compare=False)  #: its ``memo_cache.Store`` (False: none)

    def rng(self, salt: str = "") -> np.random.Generator:
        """A generator seeded by the check's id: same inputs on every run and machine."""
        return np.random.default_rng(zlib.crc32(f"{self.assignment}/{self.check_id}/{salt}".encode()))

    def derived(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(model answer, *args)``: a value the grader computes *with* the model answer (e.g. by running its
        ``Value`` class on a graph), on plain-data ``args``. Published as one call, so that a student's
        install can replay it where the answer's objects themselves could never be published."""
        hook = getattr(type(self.ref), "derived", None)
        return hook(self.ref, fn, *args) if hook is not None else fn(self.ref, *args)

    def on_task(self, fn: str, *args: Any) -> Any:
        """The model answer's ``fn`` judging values that come from the student (the parameters their ``train``
        returned, say). Such a call can never be published, so in a student's install the student's own
        ``fn`` stands in: whether that one is right is its own checks' business."""
        try:
            return getattr(self.ref, fn)(*args)
        except NeedsReference:
            if not self.student_mode:
                raise
            return self.student.call(fn, *args)

    def publish_too(self, make: Callable[[], Any]) -> None:
        """Ask the model answer, while ``grade --publish`` records it, what a check asks only when a student
        fails (the reference's own run, for a picture), so that a student's install can replay that too."""
        if isinstance(self.ref, Recorder):
            make()

    def memo(self, key: str, make: Callable[[], Any], *, disk: bool = True) -> Any:
        """Reference results computed once per grader process (they never depend on the student), and kept on
        disk for the next process (``grader.memo_cache``: keyed by the grader, the assignment, the model answer,
        the assignment's options and ``key``). ``disk=False`` for a value that is not a function of those alone
        (it reads something else), or that is big and cheap to make again."""
        if key not in self.shared:
            store = self._disk_store() if disk else None
            value = store.get(key) if store is not None else memo_cache.MISSING
            if value is memo_cache.MISSING:
                value = make()
                if store is not None:
                    store.put(key, value)
            self.shared[key] = value
        return self.shared[key]

    def _disk_store(self) -> memo_cache.Store | None:
        if self._disk is None:
            self._disk = memo_cache.store_for(self) or False
        return self._disk or None


@dataclass(frozen=True)
class CheckSpec:
    """A check: id, category, points, and the function that runs it."""

    id: str
    category: str
    title: str
    points: float
    run: Callable[[Context], None]
    function: str | None = None  #: the student function the check is mainly about
    #: Whether the check may run where the model answers are absent (student mode). A public check
    #: runs there on the reference outputs the course published (``grader.reference``); a hidden one
    #: is held: listed as run by the course's grader, never failed.
    public: bool = True

    def __post_init__(self) -> None:
        assert self.category in CATEGORIES, self.category


#: Called on a failed check to name mistakes from the evidence (see ``grader.diagnosis``).
Diagnose = Callable[[CheckSpec, Context, Fail], list[str]]


def run_check(spec: CheckSpec, ctx: Context, internal_errors: list[str] | None = None,
              failures: list | None = None) -> CheckResult:
    """Run one check; whatever happens, return its result. A failed check's ``Fail`` (its evidence) is
    appended to ``failures`` for the diagnosis step, which runs once after every check (``name_mistakes``)."""
    ctx.check_id = spec.id
    start = time.perf_counter()
    result = CheckResult(spec.id, spec.category, spec.title, True, spec.points, spec.points, "",
                         function=spec.function)
    try:
        with np.errstate(all="ignore"):  # the student's numbers may overflow; that is reported, not warned
            spec.run(ctx)
    except Fail as fail:
        if "calls" not in fail.evidence and "last_calls" not in fail.evidence:  # what it compared: for pointing
            fail.evidence["last_calls"] = list(getattr(ctx.student, "last_calls", []))
        _failed(result, fail.message, fail.fraction, spec.points)
        result.expected, result.got = fail.expected, fail.got
        result.mistakes = list(fail.mistakes)
        result.details = fail.details
        result.function = fail.function or spec.function
        if failures is not None:
            failures.append((spec, fail, result))
    except StudentError as err:
        _failed(result, err.message, 0.0, spec.points)
        result.mistakes = ["not-implemented"] if err.not_implemented else []
        result.function, result.line = err.fn, err.line
        if err.kind in ("timeout", "budget", "memory", "crashed", "protocol"):
            result.details = {"failure": err.kind}
    except NeedsReference:  # the published outputs do not cover this call: the course's grader runs it
        result = held(spec)
    except Exception as exc:  # noqa: BLE001 - a grader bug is reported, never blamed on the student
        _failed(result, f"the grader could not run this check ({type(exc).__name__}); "
                        "this is a grader problem, please tell your course staff", 0.0, spec.points)
        if internal_errors is not None:
            internal_errors.append(f"{spec.id}: {traceback.format_exc(limit=4)}")
    result.seconds = round(time.perf_counter() - start, 4)
    return result


def held(spec: CheckSpec) -> CheckResult:
    """A check not run here because it needs the model answer (student mode): neither passed nor failed."""
    return CheckResult(spec.id, spec.category, spec.title, False, 0.0, spec.points,
                       "run by your course's grader: it needs the model answer, which students do not receive",
                       function=spec.function, held=True)


def name_mistakes(failures: list, ctx: Context, diagnose: Diagnose,
                  internal_errors: list[str] | None = None) -> None:
    """The diagnosis step: once, after every check, over the failed checks' evidence, in check order
    (api, shape, forward, gradient, training, convergence: what an upstream failure explains is known
    when training is judged). Adds the ids named to each result, and any sentence the diagnosis adds
    to the message."""
    for spec, fail, result in failures:
        ctx.check_id = spec.id
        try:
            with np.errstate(all="ignore"):
                named = diagnose(spec, ctx, fail)
            for m in named:
                if m not in fail.mistakes:
                    fail.mistakes.append(m)
        except (StudentError, NeedsReference):
            pass
        except Exception:  # noqa: BLE001 - a diagnosis bug must not cost the student
            if internal_errors is not None:
                internal_errors.append(f"diagnosis of {spec.id}: {traceback.format_exc(limit=3)}")
        result.mistakes = list(fail.mistakes)
        result.message = fail.message
        if isinstance(fail.details, dict):
            result.details = fail.details


def _failed(result: CheckResult, message: str, fraction: float, points: float) -> None:
    result.passed = False
    result.message = message
    result.points = round(points * min(max(fraction, 0.0), 1.0), 4)
