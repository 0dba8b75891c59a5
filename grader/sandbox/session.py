"""A submission loaded in its sandbox, as the checks see it.

``Session.call("forward", params, X)`` returns plain data or raises
``StudentError``. Everything about robustness lives here, once, for every
assignment: the per-call and per-submission time limits, restarting the sandbox
after a function hangs or kills its process (re-running the top-level
statements that worked), remembering functions that hung so that each costs
its time limit once, and turning every way a call can fail into one clear
sentence with the function's name.
"""
from __future__ import annotations

import ast
import builtins
import itertools
import math
import os
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np


from .. import load
from ..results import SkippedCode
from . import protocol, shared, spare
from .isolation import Isolation
from .process import Limits, SandboxError, SandboxProcess

#: Longest time one top-level statement may take before it is skipped.
STATEMENT_SECONDS = 5.0
#: How many times loading may restart a sandbox that a top-level statement killed.
MAX_LOAD_RESTARTS = 10
#: Longest detail (what the sandbox said, an exception's text) kept in a message, and longest message.
DETAIL_CHARS = 300
MESSAGE_CHARS = 600


class StudentError(Exception):
    """A student function could not produce a value; ``kind`` says how."""

    def __init__(self, kind: str, fn: str, message: str, line: int | None = None) -> None:
        message = printable(message[:MESSAGE_CHARS + 100])[:MESSAGE_CHARS + 100]
        fn = printable(fn)
        super().__init__(message)
        self.kind, self.fn, self.message, self.line = kind, fn, message, line

    @property
    def not_implemented(self) -> bool:
        return self.kind in ("not_implemented", "missing")


@dataclass(frozen=True)
class Rng:
    """Stands for ``np.random.default_rng(seed)`` built inside the sandbox."""

    seed: int


@dataclass(frozen=True)
class Ref:
    """Stands for a value kept in the sandbox by an earlier call (e.g. a cache)."""

    slot: str
    path: tuple = ()

    def __getitem__(self, key) -> "Ref":
        return Ref(self.slot, self.path + (key,))


@dataclass
class Call:
    """One call in a batch: ``fn(*args, **kwargs)``, returning part ``ret`` of its result.

    ``fn`` names a module-level function or class; with ``on``, a method (or, with
    ``get``, an attribute) of the kept object ``on`` refers to; ``"operator.mul"``
    and the other names of ``OPERATORS`` run that operator on ``args``, exactly as
    ``a * b`` would in the student's code (reflected methods included). ``get``
    reads the name instead of calling it (a property's code runs, timed like a call).
    """

    fn: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    ret: tuple | None = ()  #: () the whole result, (0,) its first item, None nothing
    keep: str | None = None  #: keep the whole result under this name for later Refs
    digest: bool | tuple[int, ...] = False  #: report whether the call changed its arguments (or those positions)
    on: Ref | None = None  #: call a method of this kept object (fn is then the method's name)
    get: bool = False  #: read the attribute (or module-level name) instead of calling it
    #: also record what each statement of the submission's file assigned while the call ran
    #: (``trace.LineTracer``): ``Returned.trace``
    trace: bool = False
    #: measure the call by the sandbox's processor time (``Returned.cpu_seconds``; alone in its batch): its time
    #: limit is then ``call_seconds`` of that, up to ``CLOCK_SLACK`` times as long on the clock. Two reads of
    #: /proc a call: for a budget (MNIST's training), not for every call
    cpu_time: bool = False


#: How many times its limit a call measured by processor time may take on the clock (waiting for a busy machine
#: does not count against the student; a call that sleeps or blocks still times out)
CLOCK_SLACK = 3.0

#: The ``operator`` functions a call may name, and how they read in messages.
OPERATORS = {"add": "{} + {}", "sub": "{} - {}", "mul": "{} * {}", "truediv": "{} / {}", "pow": "{} ** {}",
             "matmul": "{} @ {}", "lt": "{} < {}", "le": "{} <= {}", "gt": "{} > {}", "ge": "{} >= {}",
             "eq": "{} == {}", "ne": "{} != {}", "neg": "-{}", "pos": "+{}", "getitem": "{}[{}]"}
#: Operators whose result is taken to be of their operands' class until the sandbox says what it is.
_ARITHMETIC = frozenset({"add", "sub", "mul", "truediv", "pow", "matmul", "neg", "pos"})
_BUILTIN_TYPES = frozenset({"int", "float", "bool", "complex", "str", "list", "tuple", "dict", "NoneType",
                            "ndarray", "float64", "float32", "int64", "object"})
#: Class names a student's class may take but is never trusted with (they name the grader's own values).
_UNTRUSTED_NAMES = _BUILTIN_TYPES | frozenset(dir(builtins)) | {"Rng", "Ref", "generic", "Generator"}


@dataclass
class _Kept:
    """What the grader knows of a value kept in the sandbox: its class, and the call that made it."""

    type: str  #: the class the sandbox reported (a guess from the call until it answered)
    origin: str  #: e.g. "TwoHiddenNet(...)", for messages
    #: ``type`` names a class of the student's module, bound there under that name (not ``float``, not
    #: another class's name): only then may a call that hung on it refuse calls on other objects
    trusted: bool = False


@dataclass
class Returned:
    """What a call gave back."""

    value: Any
    seconds: float  #: measured by the grader (from sending, or from the previous answer, to this answer)
    mutated: bool = False  #: the call changed an array or dict it was given
    reported_seconds: float = 0.0  #: what the worker says the function took (for benchmarks; never for grades)
    #: for a call with ``trace``: ``[(line, name, first array, last array, times), ...]`` in the order first made (checked:
    #: what the sandbox sends is the student's to forge, and only ever describes their own code)
    trace: list | None = None
    trace_truncated: bool = False
    #: processor time the sandbox used for the call, read by the grader from outside (``SandboxProcess.cpu_seconds``):
    #: unlike ``seconds``, it hardly grows when other work slows the machine. For a ``cpu_time`` call; else None
    cpu_seconds: float | None = None


def _encode_args(value: Any, buffers: list[bytes], share=None) -> Any:
    """The wire tree of a call's arguments; ``share(array)`` names a big read-only array shared with the
    sandbox (``{"$": "shm"}``), or None: it travels in ``buffers`` like any other (``shared.py``). Either way
    the student gets a writable array of its own, as before sharing existed."""
    if isinstance(value, Rng):
        return {"$": "rng", "seed": int(value.seed)}
    if isinstance(value, Ref):
        return {"$": "ref", "slot": value.slot, "path": list(value.path)}
    if isinstance(value, dict):
        return {"$": "dict", "v": [[str(k), _encode_args(v, buffers, share)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [_encode_args(v, buffers, share) for v in value]}
    if isinstance(value, list):
        return [_encode_args(v, buffers, share) for v in value]
    if share is not None and shared.read_only_input(value):
        tree = share(value)
        if tree is not None:
            return tree
    return protocol.encode(value, buffers)


#: Error kinds the worker may report; the others (time-outs, crashes, the budget...) only the grader decides.
_WORKER_KINDS = frozenset({"not_implemented", "missing", "not_callable", "memory", "recursion", "exit",
                           "bad_return", "bad_input"})
#: Most data the grader accepts back from one batch of calls (a forged or huge answer must not exhaust it).
MAX_BATCH_REPLY_BYTES = 256 * 1024 * 1024

_ERROR_TEXT = {
    "not_implemented": "`{fn}` is not implemented yet (it raises NotImplementedError)",
    "missing": "there is no function `{fn}` in the file",
    "not_callable": "`{fn}` is not a function",
    "memory": "`{fn}` ran out of memory (MemoryError; the limit is {mem})",
    "recursion": "`{fn}` recursed too deeply (RecursionError)",
    "exit": "`{fn}` called sys.exit() or exit()",
    "timeout": "`{fn}` did not finish within {secs:g} s (time-out)",
    "budget": "`{fn}` was not run: the submission used up its time budget of {total:g} s",
    "crashed": "`{fn}` crashed the Python process: {detail}",
    "protocol": "`{fn}` broke the grader's channel to the sandbox: {detail}",
    "bad_return": "`{fn}`: {detail}",
    "bad_input": "`{fn}` was not called: {detail}",
    "start": "`{fn}` was not run: the grader could not restart its sandbox ({detail})",
}


class Session:
    """One submission, loaded in a sandbox, ready for calls."""

    last_calls: list = []  #: the calls of the latest ``batch``

    def __init__(self, source: load.Source, statements: list[load.Statement], limits: Limits,
                 isolation: Isolation | None = None, module: str = "submission") -> None:
        self.source = source
        self.statements = statements
        self.limits = limits
        self.isolation = isolation
        self.module = module
        self.process: SandboxProcess | None = None
        self._link: shared.Link | None = None  #: the socket the running sandbox receives shared inputs on
        self.deadline = time.monotonic() + limits.submission_seconds
        #: calls that failed twice (or once, when they use kept values), by ``_dead_key``: not called again
        self.dead: dict[str, StudentError] = {}
        self._strikes: set[str] = set()  #: calls that failed once and were retried on a fresh sandbox
        self.failed_statements: dict[int, str] = {}
        #: statements that raised: index -> (exception class, message), as the sandbox said
        self.statement_errors: dict[int, tuple[str, str]] = {}
        self.refused: list[str] = []  #: helper modules the sandbox would not install (named like Python's own)
        self.names: dict[str, str] = {}
        self.classes: set[str] = set()  #: module-level names that are classes
        self.kept: dict[str, _Kept] = {}  #: slot -> what made it (kept across restarts, for messages)
        self._live: set[str] = set()  #: slots kept in the sandbox now running
        self._lost: dict[str, str] = {}  #: slot -> what failed when a restart lost it ("`forward` failed")
        self._slots = itertools.count()
        self.timings = {"sandbox_start": 0.0, "load": 0.0}
        self._output: list[tuple[str, int]] = []
        self.restarts = 0

    # ------------------------------------------------------------------ life
    def open(self) -> None:
        """Start the sandbox and run the planned top-level statements."""
        self._start()

    def close(self) -> None:
        self._end_process(polite=True)

    def reload(self, source: load.Source) -> None:
        """Another version of the same file (the same top-level statements, edited) loaded in place of this
        one, in the running sandbox when there is one: what was kept for the old version is dropped. For trying
        edits of one student's file (``grader/diagnosis/repair.py``), where a sandbox's start per version costs
        more than the version's own load; never for another student's file."""
        self.source = source
        self.failed_statements, self.statement_errors = {}, {}
        self.dead.clear()
        self._strikes.clear()
        self.kept.clear()
        self._live.clear()
        self._lost.clear()
        if self.process is None:
            self._start()
            return
        try:  # a statement that kills the sandbox is recorded as failed, and the next version starts a fresh one
            self._load(time.perf_counter())
        except SandboxError as exc:  # its channel broke: this version did not load
            self._end_process()
            self.failed_statements[-1] = _statement_failure(exc)

    def _end_process(self, polite: bool = False) -> None:
        """Stop the sandbox, then keep what it printed (after: its output pipe is drained to the end)."""
        proc, self.process = self.process, None
        link, self._link = self._link, None
        if link is not None:
            link.close()
        if proc is not None:
            if polite:
                proc.close()
            else:
                proc.kill()
            self._output.append(proc.output)

    def __enter__(self) -> "Session":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        """A fresh sandbox with the file's statements run; one that kills the sandbox is skipped, and it restarts.

        The restarts are bounded, in number and by the submission's time budget: a
        file of a thousand `os._exit()` lines costs a few seconds, not the grader.
        """
        for attempt in range(1, MAX_LOAD_RESTARTS + 1):
            if self._remaining() <= 0:
                raise SandboxError("timeout", "the submission used up its time budget while loading")
            killed_at = self._start_once()
            if killed_at is None:
                return
            if attempt == MAX_LOAD_RESTARTS - 1:  # the last try runs only what is known to be harmless
                for stmt in self.statements:
                    if stmt.run and stmt.index > killed_at and stmt.index not in self.failed_statements:
                        self.failed_statements[stmt.index] = (
                            f"not run: earlier statements killed the sandbox {attempt} times")
        raise SandboxError("crashed", "the file's top level kept killing the sandbox")

    def _start_once(self) -> int | None:
        """Start and load; the index of the statement that killed the sandbox, or None when all went well."""
        t0 = time.perf_counter()
        proc, link = self._ready_process()
        if link is not None:
            link.started()
        self.process, self._link = proc, link
        t1 = time.perf_counter()
        self.timings["sandbox_start"] += t1 - t0
        try:
            return self._load(t1)
        except SandboxError:  # a sandbox that broke its channel is killed: none of its frames reach a later call
            self._end_process()
            raise

    def _ready_process(self) -> tuple[SandboxProcess, shared.Link | None]:
        """A sandbox whose worker is ready: the one started ahead of need (``spare.py``) if it fits and came
        up, else a new one (a spare that died waiting costs the file nothing: it is as if none were there)."""
        taken = spare.take(self.limits, self.isolation)
        if taken is not None:
            try:
                return self._wait_ready(*taken, ping=True)  # it may have died after it said it was ready
            except SandboxError:
                pass
        proc = SandboxProcess(self.limits, self.isolation)
        link = shared.Link() if shared.enabled() else None
        if link is not None:
            proc.share_fds = (link.fd,)  # inherited by a sandbox bwrap starts, passed on by the fork server
        return self._wait_ready(proc, link, spawn=True)

    @staticmethod
    def _wait_ready(proc: SandboxProcess, link: shared.Link | None, spawn: bool = False,
                    ping: bool = False) -> tuple[SandboxProcess, shared.Link | None]:
        """``proc`` (spawned first if ``spawn``) once its worker is ready (and, with ``ping``, still answers);
        killed, with its link closed, if it fails."""
        try:
            if spawn:
                proc.spawn()
            proc.wait_ready()
            if ping:
                proc.ping()
        except SandboxError:
            proc.kill()
            if link is not None:
                link.close()
            raise
        except OSError as exc:
            proc.kill()
            if link is not None:
                link.close()
            raise SandboxError("start", f"the sandbox could not start: {exc}") from None
        return proc, link

    def _load(self, t1: float) -> int | None:
        helpers = [{"name": h.name, "filename": h.filename, "source": h.text, "package": h.package,
                    "skip": list(h.skip)} for h in getattr(self.source, "helpers", ())]
        reply = self._request({"op": "load", "source": self.source.text, "filename": self.source.filename,
                               "module": self.module, "helpers": helpers}, STATEMENT_SECONDS)
        if not reply.get("ok"):
            raise SandboxError("protocol", "the sandbox could not parse the file")
        refused = reply.get("refused")
        shipped = {h.name.split(".")[0] for h in getattr(self.source, "helpers", ())}
        self.refused = sorted(n for n in refused if isinstance(n, str) and n in shipped)[:50] \
            if isinstance(refused, list) else []
        for stmt in self.statements:
            if not stmt.run or stmt.index in self.failed_statements:
                continue
            if self._remaining() <= 0:  # a file of 10^5 tiny statements must not run past its budget
                raise SandboxError("timeout", "the submission used up its time budget while loading")
            try:
                reply = self._request({"op": "exec", "i": stmt.index}, min(STATEMENT_SECONDS, self._remaining()))
            except SandboxError as exc:
                self.failed_statements[stmt.index] = _statement_failure(exc)
                self._end_process()
                self.restarts += 1
                return stmt.index
            if not reply.get("ok"):
                err = reply.get("error") if isinstance(reply.get("error"), dict) else {}
                self.failed_statements[stmt.index] = _statement_error(err)
                self.statement_errors[stmt.index] = (printable(_clip(err.get("type", "an error"), 80)),
                                                     printable(_clip(err.get("message", ""), DETAIL_CHARS)))
        reply = self._request({"op": "names"}, STATEMENT_SECONDS)
        self.names = reply.get("names", {}) if isinstance(reply.get("names"), dict) else {}
        classes = reply.get("classes")
        self.classes = {c for c in classes if isinstance(c, str)} if isinstance(classes, list) else set()
        self.timings["load"] += time.perf_counter() - t1
        return None

    def _remaining(self) -> float:
        return self.deadline - time.monotonic()

    def _request(self, header: dict, timeout: float) -> dict:
        assert self.process is not None
        nonce = os.urandom(6).hex()
        self.process.deadline = min(self.deadline, time.monotonic() + max(timeout, 0.01))
        self.process.send({**header, "n": nonce})
        reply, _ = self.process.read(time.monotonic() + max(timeout, 0.01))
        if reply.get("n") != nonce:
            raise SandboxError("protocol", "an answer did not belong to the grader's request")
        return reply

    def _collect_output(self) -> None:
        if self.process is not None:
            self._output.append(self.process.output)

    # ------------------------------------------------------------------ report
    def skipped(self) -> list[SkippedCode]:
        """Top-level code that was not run or did not work, for the report."""
        out = []
        for stmt in self.statements:
            reason = stmt.reason if not stmt.run else self.failed_statements.get(stmt.index, "")
            if reason:
                out.append(SkippedCode(stmt.line, stmt.end_line, reason, self.source.where(stmt.line)))
        for line, note in self.source.notes:
            out.append(SkippedCode(line, line, note, self.source.where(line)))
        for name in self.refused:
            line = next((ln for n, ln in load.imported_names_of(self.source) if n == name), 1)
            out.append(SkippedCode(line, line, f"the module {name} next to the file is not used: the sandbox's "
                                               f"own {name} is (a file cannot replace it)", self.source.where(line)))
        return sorted(out, key=lambda s: s.line)

    def import_report(self, functions) -> tuple[str, int, list[str]] | None:
        """``(message, line, lost)`` when a top-level import failed, else None: the submission's headline.

        The grader keeps the status ``graded`` (the checks that can run, run: a notebook whose
        ``import matplotlib`` fails keeps the points its functions earn) unless the import was to bring
        in one of the assignment's ``functions`` that the file now lacks (``from nn_utils import
        forward``): ``lost`` names them, and the submission is then an ``error`` (every check of them
        would only say "not implemented").
        """
        failures = self.import_failures()
        if not failures:
            return None
        shown = [f.text for f in failures[:3]]
        if len(failures) > 3:
            shown.append(f"and {len(failures) - 3} more imports failed")
        message = "; ".join(shown)
        needed = dict.fromkeys(f.split(".")[0] for f in functions)
        lost = [n for n in needed if not self.has(n) and any(f.star or n in f.names for f in failures)]
        if lost:
            message += (f" - so the file has no {', '.join(f'`{n}`' for n in lost)}: fix the import (hand in "
                        "the modules your file imports, next to it) and grade it again")
        return message, failures[0].line, lost

    def import_failures(self) -> list[ImportFailure]:
        """Every top-level import that failed when the file loaded, in file order; its ``text`` reads
        ``line 3: `from nn_utils import sigmoid` failed: ModuleNotFoundError: No module named 'nn_utils'``."""
        out = []
        lines = self.source.text.split("\n")
        for stmt in self.statements:
            failed = self.statement_errors.get(stmt.index)
            if failed is None or not _is_import(lines, stmt):
                continue
            kind, message = failed
            code = " ".join(part.strip() for part in lines[stmt.line - 1:min(stmt.end_line, stmt.line + 4)])
            text = f"{self.source.where(stmt.line)}: `{_clip(printable(code), 120)}` failed: {kind}: {message}"
            missing = _MISSING.search(message) if kind in ("ModuleNotFoundError", "ImportError") else None
            why = getattr(self.source, "unshipped", {}).get(missing.group(1).split(".")[0]) if missing else None
            if why:
                text += f" ({why})"
            elif missing and kind == "ModuleNotFoundError":
                text += (" (the grader's sandbox has Python's standard library, NumPy and what the grader's own Python "
                         "has installed; not this)")
            out.append(ImportFailure(stmt.line, text, *_bound(lines, stmt)))
        return out

    def output(self) -> tuple[str, int]:
        """What the student's code printed across every sandbox it ran in (capped)."""
        self._collect_output()
        text = "".join(t for t, _ in self._output)[: self.limits.output_bytes]
        total = sum(n for _, n in self._output)
        self._output = [(text, total)]
        return text, total

    def has(self, name: str) -> bool:
        return self.names.get(name) == "callable"

    # ------------------------------------------------------------------ calls
    def slot(self) -> str:
        return f"k{next(self._slots)}"

    def call(self, fn: str, *args: Any, ret: tuple | None = (), keep: str | None = None,
             digest: bool = False, on: Ref | None = None, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` in the sandbox (a method of the kept ``on``); its value, or ``StudentError``."""
        result = self.batch([Call(fn, args, kwargs, ret, keep, digest, on=on)])[0]
        if isinstance(result, StudentError):
            raise result
        return result.value

    def get(self, name: str, on: Ref | None = None, ret: tuple | None = (), keep: str | None = None) -> Any:
        """The attribute ``name`` of the kept ``on`` (or the module-level ``name``); its value, or ``StudentError``."""
        result = self.batch([Call(name, ret=ret, keep=keep, on=on, get=True)])[0]
        if isinstance(result, StudentError):
            raise result
        return result.value

    def call_full(self, fn: str, *args: Any, **kwargs: Any) -> Returned:
        """Like ``call``, also telling whether the call changed its arguments."""
        result = self.batch([Call(fn, args, kwargs, (), None, True)])[0]
        if isinstance(result, StudentError):
            raise result
        return result

    def batch(self, calls: list[Call], drop: list[str] = ()) -> list[Returned | StudentError]:
        """Many calls in one round trip (finite differences need hundreds): one result per call, in order."""
        self.last_calls = list(calls)  # what a failed check called last (the pointing step replays it, traced)
        results: list[Returned | StudentError] = []
        pending = list(calls)
        while pending:  # ends: every empty round adds a strike (each call has at most one), the others answer
            done = self._batch_once(pending, drop)
            results += done
            pending = pending[len(done):]
        for slot in drop:
            self.kept.pop(slot, None)
            self._lost.pop(slot, None)
            self._live.discard(slot)
        return results[:len(calls)]

    # ------------------------------------------------------------------ names
    def display(self, call: Call) -> str:
        """How messages name the call: ``forward``, ``TwoHiddenNet.loss``, ``Value.grad``, ``int * Value``.

        Also, for objects of the student's own classes, the key of ``dead`` (see
        ``_dead_key``): a method that hung is not called again on any object of
        its class, and costs nothing to other methods or classes.
        """
        if call.fn.startswith("operator."):
            form = OPERATORS.get(call.fn[len("operator."):])
            if form is None or form.count("{}") != len(call.args) or call.kwargs:
                return call.fn
            return form.format(*map(self._type_of, call.args))
        if call.on is None:
            return call.fn
        return f"{self._type_of(call.on)}.{call.fn}"

    def _type_of(self, value: Any) -> str:
        if isinstance(value, Ref):
            kept = self.kept.get(value.slot)
            return (kept.type if kept else "object") + _path_text(value.path)
        return type(value).__name__

    def _dead_key(self, call: Call, name: str | None = None) -> str:
        """``display(call)``, scoped to the calls that made its operands when their class names cannot be trusted.

        A class named ``float``, or named after another of the file's classes, must not
        make a hang on its objects refuse the grader's ``float * float`` or the other class's methods.
        """
        name = self.display(call) if name is None else name
        if call.fn.startswith("operator."):
            operands = [a for a in call.args if isinstance(a, Ref)]
        elif call.on is not None:
            operands = [call.on]
        else:
            return name  # a module-level name: the grader's own
        scope = []
        for ref in operands:
            kept = self.kept.get(ref.slot)
            if kept is None:
                scope.append(f"?{ref.slot}")
            elif not kept.trusted:
                scope.append(kept.origin)
        return f"{name} @ {' | '.join(scope)}" if scope else name

    def _trusted(self, ref: Ref | None) -> bool:
        kept = self.kept.get(ref.slot) if ref is not None and not ref.path else None
        return kept is not None and kept.trusted

    def _origin(self, ref: Ref) -> str | None:
        kept = self.kept.get(ref.slot)
        return kept.origin + _path_text(ref.path) if kept else None

    def _plan(self, call: Call) -> str | None:
        """The call's key in ``dead`` (None while nothing is dead); a value it keeps is recorded with a guess of
        its class until the answer."""
        name = self.display(call)
        # before the kept slot is replaced: the key is of the call's operands
        key = self._dead_key(call, name) if self.dead else None
        if call.keep:
            self.kept[call.keep] = _Kept(self._guess_type(call), name if call.get or call.fn.startswith("operator.")
                                         else f"{name}(...)", self._guess_trusted(call))
        return key

    def _guess_trusted(self, call: Call) -> bool:
        """Whether the guessed class is one of the file's own (a constructor, or an operand's or object's class)."""
        if call.get:
            return False
        if call.fn.startswith("operator."):
            return call.fn[len("operator."):] in _ARITHMETIC and any(
                self._trusted(a) for a in call.args if isinstance(a, Ref))
        if call.on is not None:
            return self._trusted(call.on)
        return call.fn in self.classes and call.fn not in _UNTRUSTED_NAMES

    def _guess_type(self, call: Call) -> str:
        if call.get:
            return "object"
        if call.fn.startswith("operator."):
            if call.fn[len("operator."):] in _ARITHMETIC:  # Value * 2, 2 * Value -> Value
                mine = [self._type_of(a) for a in call.args if isinstance(a, Ref) and not a.path]
                mine = [t for t in mine if t not in _BUILTIN_TYPES]
                return mine[0] if mine else "object"
            return "object"
        if call.on is not None:  # a method: of its object's class (Value.tanh() -> Value), until the answer
            return self._type_of(Ref(call.on.slot)) if not call.on.path else "object"
        return call.fn if call.fn in self.classes else "object"

    def _batch_once(self, calls: list[Call], drop) -> list[Returned | StudentError]:
        """Send as many of ``calls`` as fit one frame; their results, in order, maybe fewer than were sent.

        Fewer: after a failure the sandbox is killed and ``batch`` sends the rest to a fresh one;
        a call that failed for the first time, and uses no kept value, is among the rest (retried once,
        as the failure may have been caused by code that ran between calls: a ``__del__``, a thread).
        """
        first_dead = None
        for i, c in enumerate(calls):
            if self._plan(c) in self.dead:
                first_dead = i
                break
        if first_dead == 0:
            return [self._repeat_dead(calls[0])]
        if first_dead is not None:
            calls = calls[:first_dead]
        if self._remaining() <= 0:
            return [self._error("budget", self.display(calls[0]))]
        if self.process is None:
            try:
                self._start()
            except SandboxError as exc:
                name = self.display(calls[0])
                err = self._error(exc.kind, name, detail=exc.detail)
                self.dead[self._dead_key(calls[0])] = err
                return [err]
        buffers, wire, offered = self._wire(calls)
        calls = calls[:len(wire)]
        assert self.process is not None
        out: list[Returned | StudentError] = []
        nonce = os.urandom(6).hex()  # every answer echoes it: a stale or forked writer's frames are refused
        try:
            if offered and not self._share(offered):  # the sandbox did not take them: its inputs go by the pipe
                buffers, wire, _ = self._wire(calls)
                calls = calls[:len(wire)]
            self.process.deadline = self.deadline
            cpu = self.process.cpu_seconds() if len(calls) == 1 and calls[0].cpu_time else None
            self.process.send({"op": "batch", "n": nonce, "calls": wire, "drop": list(drop)}, buffers)
            last, received = time.monotonic(), 0
            while True:
                reply, bufs = self._answer(cpu)
                if reply.get("n") != nonce:
                    raise SandboxError("protocol", "an answer did not belong to this batch of calls")
                k = len(out)
                if reply.get("done"):
                    if k != len(calls):
                        raise SandboxError("protocol", "it said it was done before every call had answered")
                    after = self.process.cpu_seconds() if cpu is not None else None
                    if after is not None and isinstance(out[0], Returned):
                        out[0].cpu_seconds = round(max(after - cpu, 0.0), 4)
                    return out
                if reply.get("i") != k or k >= len(calls):
                    raise SandboxError("protocol", "answers arrived out of order")
                received += sum(map(len, bufs))
                if received > MAX_BATCH_REPLY_BYTES:
                    raise SandboxError("protocol", f"it returned over {MAX_BATCH_REPLY_BYTES >> 20} MB of data")
                now = time.monotonic()
                out.append(self._reply(calls[k], reply, bufs, now - last))
                last = now
        except SandboxError as exc:
            return out + self._failed(calls, len(out), exc)

    def _answer(self, cpu: float | None) -> tuple[dict, list[bytes]]:
        """The next answer of a batch, within the call's limit: ``call_seconds`` on the clock; for a call measured
        by processor time (``cpu``: the sandbox's before it), ``call_seconds`` of that, and at most ``CLOCK_SLACK``
        times as long on the clock. Never past the submission's budget."""
        start, limit = time.monotonic(), self.limits.call_seconds
        end = start + limit
        while True:
            try:
                return self.process.read(min(end, time.monotonic() + max(self._remaining(), 0.0)))
            except SandboxError as exc:
                now = time.monotonic()
                if cpu is None or exc.kind != "timeout" or self._remaining() <= 0 or now >= start + CLOCK_SLACK * limit:
                    raise
                used = self.process.cpu_seconds()
                if used is None or used - cpu >= limit:
                    raise
                end = min(start + CLOCK_SLACK * limit, now + max(limit - (used - cpu), 0.05))

    def _wire(self, calls: list[Call]) -> tuple[list[bytes], list[dict], list]:
        """The frame's buffers and calls (as many as one frame holds: ``batch`` sends the rest), and the
        shared inputs the sandbox must map first (``shared.py``; none once its socket failed)."""
        link = self._link if self._link is not None and not self._link.broken else None
        offered: dict = {}

        def share(arr: np.ndarray) -> dict | None:
            item = shared.share(arr) if link is not None else None
            if item is None:
                return None
            if item.key not in link.mapped and item.key not in offered:
                if link.bytes + sum(i.size for i in offered.values()) + item.size > shared.MAX_SANDBOX_BYTES:
                    return None  # the sandbox has enough mapped: this one goes by the pipe
                offered[item.key] = item
            return {"$": "shm", "key": item.key, "dtype": shared.wire_dtype(arr).str, "shape": list(arr.shape)}

        buffers: list[bytes] = []
        wire = []
        for c in calls:  # one frame holds as many calls as the protocol's limits allow; batch() sends the rest
            start, was = len(buffers), dict(offered)
            item = {"fn": c.fn, "args": _encode_args(list(c.args), buffers, share),
                    "kwargs": _encode_args(c.kwargs, buffers, share)["v"],
                    "ret": None if c.ret is None else list(c.ret),
                    "keep": c.keep, "digest_args": list(c.digest) if isinstance(c.digest, tuple) else c.digest}
            if c.trace:
                item["trace"] = True
            if c.on is not None or c.get:
                item["on"] = None if c.on is None else {"slot": c.on.slot, "path": list(c.on.path)}
                item["get"] = bool(c.get)
            if wire and (len(buffers) > protocol.MAX_BUFFERS // 2
                         or sum(map(len, buffers)) > protocol.MAX_TOTAL_BYTES // 2):
                del buffers[start:]
                offered = was
                break
            wire.append(item)
        return buffers, wire, list(offered.values())

    def _share(self, items: list) -> bool:
        """Give the sandbox the memfds of ``items`` (socket, then a ``share`` request); whether it mapped them all.

        False, and the pipe for the rest of this sandbox's life, if student code broke the socket (closed it,
        replaced it, read from it) or the sandbox could not map one: the calls then carry the arrays themselves.
        """
        link = self._link
        if link is None or not link.send(items):
            return False
        reply = self._request({"op": "share", "items": [i.offer() for i in items]},
                              min(self.limits.call_seconds, max(self._remaining(), 0.0)))
        return link.taken(items, reply.get("mapped"))

    def _failed(self, calls: list[Call], k: int, exc: SandboxError) -> list[StudentError]:
        """The sandbox failed while ``calls[k]`` ran: kill it; that call's error, or nothing (retried, or none ran)."""
        kind = exc.kind
        if kind == "timeout" and self._remaining() <= 0:
            kind = "budget"
        call = calls[k] if k < len(calls) else None
        fn = self.display(call) if call is not None else ""
        # every kept value dies with the process
        why = f"`{_clip(fn, 100)}` failed" if call is not None else \
            "code that ran after the calls had answered (a __del__, a thread) failed"
        self._lost.update(dict.fromkeys(self._live, why))
        self._live.clear()
        self._end_process()
        self.restarts += 1
        if call is None:  # every call had answered: none of them is to blame
            return []
        key = self._dead_key(call)
        if kind != "budget" and key not in self._strikes and not _refs(call):
            self._strikes.add(key)  # once more, on a fresh sandbox: only a second failure is the call's own
            return []
        err = self._error(kind, fn, detail=exc.detail, call=call)
        if kind != "budget":
            self.dead[key] = err
        return [err]

    def _reply(self, call: Call, reply: dict, bufs: list[bytes], seconds: float = 0.0) -> Returned | StudentError:
        """One answer, validated; ``seconds`` is the grader's own measure of the call."""
        if not reply.get("ok"):
            fn = self.display(call)
            err = reply.get("error") if isinstance(reply.get("error"), dict) else {}
            kind = err.get("kind") if err.get("kind") in _WORKER_KINDS else "exception"
            line = err.get("line") if isinstance(err.get("line"), int) else None
            if kind == "exception":
                where = f" ({self.source.where(line)})" if line else ""
                msg = (f"`{fn}` raised {_clip(err.get('type', 'an error'), 80)}: "
                       f"{_clip(err.get('message', ''), DETAIL_CHARS)}{where}")
                return StudentError("exception", fn, msg, line)
            detail = _clip(err.get("message", ""), DETAIL_CHARS)
            lost = [self._lost[r.slot] for r in _refs(call) if r.slot in self._lost] if kind == "bad_input" else []
            if lost:
                detail = f"what it needs was lost when the sandbox was restarted after {lost[0]}"
            return self._error(kind, fn, detail=detail, line=line, call=call)
        if call.keep:
            self._lost.pop(call.keep, None)
            self._live.add(call.keep)
        if call.keep and call.keep in self.kept:
            said = reply.get("kept")
            kept = self.kept[call.keep]
            if isinstance(said, str) and said.isidentifier() and len(said) <= 60:
                kept.type = said
                kept.trusted = reply.get("own") is True and said not in _UNTRUSTED_NAMES
            else:
                kept.trusted = False
        value = None
        if "value" in reply:
            try:
                value = protocol.decode(reply["value"], bufs)
            except protocol.ProtocolError as exc:  # the channel is broken: the sandbox is killed (see _failed)
                raise SandboxError("protocol", _clip(exc, DETAIL_CHARS)) from None
        said = reply.get("seconds")
        said = float(said) if type(said) in (int, float) and math.isfinite(said) else 0.0
        trace, truncated = None, False
        if call.trace and not call.get and not call.fn.startswith("operator."):
            if not isinstance(value, dict) or "value" not in value:
                raise SandboxError("protocol", "a traced call did not send its trace")
            trace, truncated = _checked_trace(value.get("trace")), value.get("truncated") is True
            value = value["value"]
        return Returned(value, seconds, reply.get("mutated") is True, reported_seconds=said, trace=trace,
                        trace_truncated=truncated)

    def _error(self, kind: str, fn: str, detail: str = "", line: int | None = None,
               call: Call | None = None) -> StudentError:
        lim = self.limits
        text = _ERROR_TEXT.get(kind, "`{fn}` failed: {detail}")
        if call is not None:
            text = self._object_text(kind, call) or text
        text = text.format(fn=fn, detail=_clip(detail, DETAIL_CHARS), secs=lim.call_seconds,
                           total=lim.submission_seconds, mem=f"{lim.memory_bytes / 1024**3:g} GiB")
        return StudentError(kind, fn, _clip(text, MESSAGE_CHARS), line)

    def _object_text(self, kind: str, call: Call) -> str | None:
        """The wording of ``kind`` for a method, an attribute or an operator (None: the usual one)."""
        what = "attribute" if call.get else "method"
        if call.fn.startswith("operator."):
            return "`{fn}` is not an operator the grader may use" if kind == "missing" else None
        if call.on is None:
            if call.get and kind == "missing":
                return "there is no `{fn}` in the file"
            return "`{fn}` was not read: {detail}" if call.get and kind == "bad_input" else None
        origin = self._origin(call.on)
        made = f"the object from `{_braces(origin)}`" if origin else "the object"
        if kind == "missing":
            return f"there is no {what} `{_braces(call.fn)}` on {made}"
        if kind == "not_callable":
            return "`{fn}` is not a method"
        if kind == "bad_input":
            return "`{fn}` was not " + ("read" if call.get else "called") + ": {detail}"
        return None

    def _repeat_dead(self, call: Call) -> StudentError:
        first = self.dead[self._dead_key(call)]
        fn = self.display(call)
        return StudentError(first.kind, fn, _clip(first.message, MESSAGE_CHARS) + " (not called again)", first.line)


def _checked_trace(raw: Any) -> list:
    """The records of a traced call of the form ``(line, name, first array, last array, times, span)`` (the
    span: None, or a return's or an argument's three numbers); others dropped."""
    out = []
    for item in raw if isinstance(raw, list) else []:
        if not (isinstance(item, list) and len(item) == 6):
            continue
        line, name, first, last, times, span = item
        if type(line) is int and type(name) is str and len(name) <= 200 and type(times) is int and all(
                isinstance(v, np.ndarray) and v.dtype == np.float64 and 0 < v.size for v in (first, last)) and (
                span is None or (isinstance(span, np.ndarray) and span.dtype == np.float64 and span.shape == (3,))):
            out.append((line, name, first, last, times, span))
    return out


def _refs(call: Call) -> list[Ref]:
    """The kept values a call uses: its object and the references among its arguments."""
    out, stack = [], [call.on, call.args, call.kwargs]
    while stack:
        item = stack.pop()
        if isinstance(item, Ref):
            out.append(item)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return out


def _path_text(path: tuple) -> str:
    return "".join(f"[{k!r}]" for k in path)[:60] if path else ""


def _braces(text: str) -> str:
    """``text`` safe inside a ``str.format`` template."""
    return text.replace("{", "{{").replace("}", "}}")


@dataclass(frozen=True)
class ImportFailure:
    """A top-level import of the file that failed in the sandbox."""

    line: int
    text: str  #: the line for the student: where, the statement, the error
    names: frozenset = frozenset()  #: the names it would have bound (``sigmoid``; ``np`` for ``import numpy as np``)
    star: bool = False  #: ``from x import *``: it could have bound anything


def _bound(lines: list[str], stmt: load.Statement) -> tuple[frozenset, bool]:
    """The names an import statement binds, read from its own few lines (nothing: it does not parse alone)."""
    if stmt.end_line - stmt.line > 50:
        return frozenset(), False
    code = "\n".join(lines[stmt.line - 1:stmt.end_line])
    if len(code) > 10_000:
        return frozenset(), False
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return frozenset(), False
    names, star = set(), False
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    star = True
                elif alias.asname:
                    names.add(alias.asname)
                else:
                    names.add(alias.name.split(".")[0])
    return frozenset(names), star


_MISSING = __import__("re").compile(r"No module named '([^']{1,200})'")


def _is_import(lines: list[str], stmt: load.Statement) -> bool:
    """Is this top-level statement an import (``import x``, ``from x import y``), by its first word?"""
    first = lines[stmt.line - 1].lstrip() if 0 < stmt.line <= len(lines) else ""
    return first.startswith(("import ", "from ")) and (" import " in " ".join(
        lines[stmt.line - 1:min(stmt.end_line, stmt.line + 20)]) or first.startswith("import "))


def _statement_failure(exc: SandboxError) -> str:
    if exc.kind == "timeout":
        return f"did not finish within {STATEMENT_SECONDS:g} s, skipped"
    if exc.kind == "protocol":
        return "wrote garbage on the grader's channel, skipped"
    return printable(f"{_clip(exc.detail, DETAIL_CHARS)}, skipped")


def _statement_error(err: dict) -> str:
    kind = err.get("kind")
    if kind == "exit":
        return "called sys.exit(), skipped"
    return printable(f"failed with {_clip(err.get('type', 'an error'), 80)}: {_clip(err.get('message', ''), 200)}")


def _clip(text: Any, limit: int) -> str:
    """``str(text)``, at most ``limit`` characters (an ellipsis says it was cut)."""
    text = text if type(text) is str else str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def printable(text: str) -> str:
    """``text`` with no control characters: line breaks and tabs become spaces, the rest ``\\x1b``-style escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else " " if c in "\n\r\t" else c.encode("unicode_escape").decode("ascii")
                   for c in text)
