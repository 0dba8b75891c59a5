"""Grading one submission: load → sandbox → checks → diagnosis → score.

``grade_submission`` never raises for anything a submission does: every
outcome, from a syntax error to a process that kills itself, becomes a
``SubmissionResult`` with a status and a message.

One clock bounds a submission: ``--total-timeout`` starts when its grading
starts and covers the grader's own work too. Reading, converting and planning
the file run in a child process (``_prepare``) killed at that deadline, with
the submission's memory limit, so that no file can stall or bloat a grading
process; the sandbox and the checks then get what is left of the budget.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import select
import signal
import sys
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, load, registry
from . import reference as published
from .checks.base import Context, held, name_mistakes, run_check
from .reference import Recorder
from .discover import Submission
from .results import CheckResult, SubmissionResult
from .sandbox import spare
from .sandbox.isolation import Isolation, detect
from .sandbox.process import Limits, SandboxError
from .sandbox.session import Session


@dataclass
class Options:
    """Everything about a run that can change a score (part of the resume key)."""

    limits: Limits = field(default_factory=Limits)
    diagnose: bool = True
    student: bool = False  #: ``--student``: grade as a student's install would, without the answers
    record: Recorder | None = None  #: ``grade --publish``: checks see this ``Recorder`` around the model answer

    def key(self) -> str:
        lim = self.limits
        return (f"{__version__}|{lim.call_seconds}|{lim.submission_seconds}|{lim.memory_bytes}|"
                f"{self.diagnose}|{'student' if self.student else registry.solutions_fingerprint()}")


def file_hash(sub: Submission) -> str:
    """The submission file's SHA-256; "" for what is never read (a reported link, a device, a huge file)."""
    if sub.problem:
        return ""
    try:
        return hashlib.sha256(load.read_bytes(sub.path)).hexdigest()
    except load.LoadError:
        return ""


def grade_submission(sub: Submission, options: Options | None = None, isolation: Isolation | None = None,
                     shared: dict | None = None, ahead: bool = False) -> SubmissionResult:
    """Grade one file; never raises for anything the file does. ``ahead``: another submission follows in
    this process, so its sandbox is started while this one is checked (``sandbox/spare.py``)."""
    options = options or Options()
    deadline = time.monotonic() + options.limits.submission_seconds
    iso = isolation or detect()
    start = time.perf_counter()
    result = SubmissionResult(student=sub.student, assignment=sub.assignment, path=str(sub.path), status="graded",
                              sandbox=iso.level, grader_version=__version__,
                              file_sha256=file_hash(sub))
    try:
        _grade_into(result, sub, options, iso, {} if shared is None else shared, deadline, ahead)
    except Exception:  # noqa: BLE001 - a grader bug: reported, never a traceback for the user
        result.status = "error"
        result.message = "the grader failed on this file (a grader bug; please report it)"
        result.internal_errors.append(traceback.format_exc(limit=6))
    finally:
        result.seconds = round(time.perf_counter() - start, 3)
    return result


def _grade_into(result: SubmissionResult, sub: Submission, options: Options, iso: Isolation, shared: dict,
                deadline: float, ahead: bool = False) -> None:
    if sub.problem:
        result.status, result.message = "error", sub.problem
        return
    if sub.assignment not in registry.names():
        result.status = "unrecognised"
        known = ", ".join(registry.names())
        example = registry.names()[0] if registry.names() else "name"
        pascal = "".join(w.capitalize() for w in example.split("_"))
        result.message = (f"the file name matches no assignment: name the file after its assignment, e.g. "
                          f"{example}.py, alice_{example.replace('_', '-')}.ipynb or {pascal}.py (case, '-', '_' "
                          f"and spaces do not matter), one of: {known}; or say which it is with --assignment NAME"
                          if not sub.assignment else f"the grader has no checks for {sub.assignment!r} yet")
        result.assignment = sub.assignment
        return
    assignment = registry.get(sub.assignment)
    result.max_score = assignment.max_score
    t0 = time.perf_counter()
    try:
        source, statements = _prepare(sub.path, deadline, options.limits.memory_bytes)
    except load.LoadTimeout:
        result.status = "timeout"
        result.message = (f"the file was not graded: reading and planning it took the grader over its time budget "
                          f"of {options.limits.submission_seconds:g} s")
        return
    except load.LoadError as exc:
        result.status, result.message, result.line = "error", str(exc), exc.line
        return
    finally:
        result.timings["parse"] = round(time.perf_counter() - t0, 4)
    session = Session(source, statements, options.limits, iso, module=sub.path.stem.replace("-", "_"))
    session.deadline = deadline  # the budget was running while the file was read: the sandbox gets what is left
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
        if ahead:  # the next submission's sandbox starts on the other core while this one is checked
            spare.start(options.limits, iso)
        failed = session.import_report(assignment.functions)  # a failed import is the headline (Session)
        if failed is not None:
            result.message, result.line, lost = failed
            if lost:
                result.status = "error"
                return
        reference, student_mode = _reference(assignment, options)
        if isinstance(reference, str):  # the course's setup, never the student's: one line, exit 4
            result.status, result.message = "error", reference
            result.internal_errors.append(reference)
            return
        result.mode = "student" if student_mode else "course"
        diagnose = _diagnoser(options)
        ctx = Context(session, reference, sub.assignment, shared=shared.setdefault(sub.assignment, {}),
                      student_mode=student_mode)
        by_category: dict[str, float] = {}
        failures: list = []
        for spec in assignment.checks:
            t = time.perf_counter()
            if time.monotonic() > deadline:  # no grader-side work (checking, diagnosing) past the budget either
                result.checks.append(_out_of_time(spec, options))
                continue
            if student_mode and not (spec.public and spec.id in reference.public):
                result.checks.append(held(spec))  # hidden, or its reference outputs were not published
                continue
            if isinstance(reference, Recorder):
                reference.check = spec.id
            result.checks.append(run_check(spec, ctx, result.internal_errors, failures))
            by_category[spec.category] = by_category.get(spec.category, 0.0) + time.perf_counter() - t
        failed = any(not c.passed and not c.held for c in result.checks)
        if diagnose is not None and failed and time.monotonic() <= deadline:
            t = time.perf_counter()
            if failures:
                name_mistakes(failures, ctx, diagnose, result.internal_errors)
            result.timings["diagnosis"] = round(time.perf_counter() - t, 4)
            if time.monotonic() <= deadline:  # the next step: the student's line where each mistake is
                from .diagnosis.lines import point_lines

                t = time.perf_counter()
                point_lines(failures, ctx, result.internal_errors, result.checks)
                result.timings["pointing"] = round(time.perf_counter() - t, 4)
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


def _reference(assignment, options: Options) -> tuple[object, bool]:
    """``(the model answer as checks see it, student mode?)``; a one-line message when the course's setup is
    broken. The model answer itself when it is here (a Recorder around it for ``grade --publish``), else
    (or with ``--student``) the outputs the course published (``grader.reference``)."""
    name = assignment.name
    if options.student or not registry.has_reference(name):
        return published.load(name, assignment.folder) or published.nothing(name), True
    try:
        module = registry.reference(name)
    except ImportError as exc:
        return (f"the grader has no model answer for {name!r} ({registry.solutions_dir()}/{name}.py: "
                f"{type(exc).__name__}: {exc})"), False
    lacking = [f for f in assignment.functions if not hasattr(module, f.split(".")[0])]
    if lacking:
        return (f"the declaration of {name!r} names {', '.join(lacking)}, which its model answer does not "
                "define"), False
    if options.record is not None:
        options.record._module = module
        return options.record, False
    return module, False


def _out_of_time(spec, options: Options) -> CheckResult:
    """A check not started because the submission's budget is used up (scores 0, status timeout)."""
    what = f"`{spec.function}` was not run" if spec.function else "not run"
    return CheckResult(spec.id, spec.category, spec.title, False, 0.0, spec.points,
                       f"{what}: the submission used up its time budget of {options.limits.submission_seconds:g} s",
                       function=spec.function, details={"failure": "budget"})


# --------------------------------------------------------------------------- reading the file, bounded


#: Most bytes the child's answer may take (a 1 MiB source and its plan need a few MB).
_MAX_ANSWER_BYTES = 512 * 1024 * 1024


def _prepare(path: Path, deadline: float, memory_bytes: int | None) -> tuple[load.Source, list[load.Statement]]:
    """``load.prepare`` within the submission's deadline and memory limit.

    Raises ``LoadError`` (``LoadTimeout`` past the deadline), or ``RuntimeError`` for a grader bug.

    On Linux it runs in a forked child that is killed at the deadline: the
    parse is linear with deadline checks in its loops, but a single call into
    Python's parser or ``json`` cannot be interrupted, may recurse deep in C,
    and costs hundreds of MB on a hostile megabyte. Elsewhere it runs here,
    bounded by those checks only.
    """
    if not sys.platform.startswith("linux"):
        return load.prepare(path, deadline)
    read_fd, write_fd = os.pipe()
    try:
        with warnings.catch_warnings():  # 3.12+ warns about fork() with threads; the child only parses, and
            warnings.simplefilter("ignore", DeprecationWarning)  # a child stuck on a lock dies at the deadline
            pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return load.prepare(path, deadline)
    if pid == 0:  # the child: never returns
        _prepare_child(path, deadline, memory_bytes, read_fd, write_fd)
    os.close(write_fd)
    data = bytearray()
    done = False
    try:
        poller = select.poll()
        poller.register(read_fd, select.POLLIN)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not poller.poll(max(left, 0.0) * 1000):
                raise load.LoadTimeout("reading the file ran past the submission's time budget")
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            data += chunk
            if len(data) > _MAX_ANSWER_BYTES:
                raise load.LoadError("the file cannot be graded: planning it produced too much data")
        _, status = os.waitpid(pid, 0)
        done = True
    finally:
        os.close(read_fd)
        if not done:
            _kill(pid)
    try:
        answer = pickle.loads(bytes(data)) if data else None
    except Exception:  # noqa: BLE001 - a child cut short (killed by the kernel, a crash in C)
        answer = None
    if answer is None:
        code = os.waitstatus_to_exitcode(status)
        name = signal.Signals(-code).name if code < 0 and -code in signal.valid_signals() else f"exit {code}"
        raise load.LoadError(f"the file cannot be parsed: the grader's parser died on it ({name}; "
                             "it may need more memory than the limit)")
    kind, *rest = answer
    if kind == "ok":
        return rest[0], [load.Statement(*s) for s in rest[1]]
    if kind == "timeout":
        raise load.LoadTimeout(rest[0])
    if kind == "error":
        raise load.LoadError(rest[0], rest[1])
    raise RuntimeError(f"the grader failed while reading the file:\n{rest[0]}")  # a grader bug: reported as one


def _prepare_child(path: Path, deadline: float, memory_bytes: int | None, read_fd: int, write_fd: int) -> None:
    """In the forked child: prepare, send the answer (pickled: it only holds str, int and tuples), exit."""
    code = 1
    try:
        os.close(read_fd)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it kills this child
        warnings.simplefilter("ignore")
        _limit_memory(memory_bytes)
        try:
            source, statements = load.prepare(path, deadline)
            answer: tuple = ("ok", source, [(s.index, s.line, s.end_line, s.run, s.reason) for s in statements])
        except load.LoadTimeout as exc:
            answer = ("timeout", str(exc))
        except load.LoadError as exc:
            answer = ("error", str(exc), exc.line)
        except MemoryError:
            answer = ("error", "the file cannot be read: it needs more memory than the limit", None)
        except BaseException:  # noqa: BLE001 - a grader bug, reported by the parent
            answer = ("bug", traceback.format_exc(limit=6))
        view = memoryview(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        while view:
            view = view[os.write(write_fd, view):]
        code = 0
    finally:
        os._exit(code)


def _limit_memory(memory_bytes: int | None) -> None:
    """At most ``memory_bytes`` more address space than the child has now (it shares the grader's mappings)."""
    if not memory_bytes:
        return
    try:
        import resource

        with open("/proc/self/statm") as fh:
            now = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = now + memory_bytes
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or limit < soft:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, ImportError):
        pass


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


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
