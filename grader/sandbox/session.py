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

import itertools
import math
import time
from dataclasses import dataclass, field
from typing import Any


from .. import load
from ..results import SkippedCode
from . import protocol
from .isolation import Isolation
from .process import Limits, SandboxError, SandboxProcess

#: Longest time one top-level statement may take before it is skipped.
STATEMENT_SECONDS = 5.0
#: How many times loading may restart a sandbox that a top-level statement killed.
MAX_LOAD_RESTARTS = 10


class StudentError(Exception):
    """A student function could not produce a value; ``kind`` says how."""

    def __init__(self, kind: str, fn: str, message: str, line: int | None = None) -> None:
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


#: The ``operator`` functions a call may name, and how they read in messages.
OPERATORS = {"add": "{} + {}", "sub": "{} - {}", "mul": "{} * {}", "truediv": "{} / {}", "pow": "{} ** {}",
             "matmul": "{} @ {}", "lt": "{} < {}", "le": "{} <= {}", "gt": "{} > {}", "ge": "{} >= {}",
             "eq": "{} == {}", "ne": "{} != {}", "neg": "-{}", "pos": "+{}", "getitem": "{}[{}]"}
#: Operators whose result is taken to be of their operands' class until the sandbox says what it is.
_ARITHMETIC = frozenset({"add", "sub", "mul", "truediv", "pow", "matmul", "neg", "pos"})
_BUILTIN_TYPES = frozenset({"int", "float", "bool", "complex", "str", "list", "tuple", "dict", "NoneType",
                            "ndarray", "float64", "float32", "int64", "object"})


@dataclass
class _Kept:
    """What the grader knows of a value kept in the sandbox: its class, and the call that made it."""

    type: str  #: the class the sandbox reported (a guess from the call until it answered)
    origin: str  #: e.g. "TwoHiddenNet(...)", for messages


@dataclass
class Returned:
    """What a call gave back."""

    value: Any
    seconds: float  #: measured by the grader (from sending, or from the previous answer, to this answer)
    mutated: bool = False  #: the call changed an array or dict it was given
    reported_seconds: float = 0.0  #: what the worker says the function took (for benchmarks; never for grades)


def _encode_args(value: Any, buffers: list[bytes]) -> Any:
    if isinstance(value, Rng):
        return {"$": "rng", "seed": int(value.seed)}
    if isinstance(value, Ref):
        return {"$": "ref", "slot": value.slot, "path": list(value.path)}
    if isinstance(value, dict):
        return {"$": "dict", "v": [[str(k), _encode_args(v, buffers)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [_encode_args(v, buffers) for v in value]}
    if isinstance(value, list):
        return [_encode_args(v, buffers) for v in value]
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

    def __init__(self, source: load.Source, statements: list[load.Statement], limits: Limits,
                 isolation: Isolation | None = None, module: str = "submission") -> None:
        self.source = source
        self.statements = statements
        self.limits = limits
        self.isolation = isolation
        self.module = module
        self.process: SandboxProcess | None = None
        self.deadline = time.monotonic() + limits.submission_seconds
        self.dead: dict[str, StudentError] = {}
        self.failed_statements: dict[int, str] = {}
        self.names: dict[str, str] = {}
        self.classes: set[str] = set()  #: module-level names that are classes
        self.kept: dict[str, _Kept] = {}  #: slot -> what made it (kept across restarts, for messages)
        self._live: set[str] = set()  #: slots kept in the sandbox now running
        self._lost: dict[str, str] = {}  #: slot -> the call after which a restart lost it
        self._slots = itertools.count()
        self.timings = {"sandbox_start": 0.0, "load": 0.0}
        self._output: list[tuple[str, int]] = []
        self.restarts = 0

    # ------------------------------------------------------------------ life
    def open(self) -> None:
        """Start the sandbox and run the planned top-level statements."""
        self._start()

    def close(self) -> None:
        if self.process is not None:
            self._collect_output()
            self.process.close()
            self.process = None

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
        proc = SandboxProcess(self.limits, self.isolation)
        try:
            proc.start()
        except SandboxError:
            proc.kill()
            raise
        except OSError as exc:
            proc.kill()
            raise SandboxError("start", f"the sandbox could not start: {exc}") from None
        self.process = proc
        t1 = time.perf_counter()
        self.timings["sandbox_start"] += t1 - t0
        reply = self._request({"op": "load", "source": self.source.text, "filename": self.source.filename,
                               "module": self.module}, STATEMENT_SECONDS)
        if not reply.get("ok"):
            raise SandboxError("protocol", "the sandbox could not parse the file")
        for stmt in self.statements:
            if not stmt.run or stmt.index in self.failed_statements:
                continue
            if self._remaining() <= 0:  # a file of 10^5 tiny statements must not run past its budget
                raise SandboxError("timeout", "the submission used up its time budget while loading")
            try:
                reply = self._request({"op": "exec", "i": stmt.index}, min(STATEMENT_SECONDS, self._remaining()))
            except SandboxError as exc:
                self.failed_statements[stmt.index] = _statement_failure(exc)
                self._collect_output()
                self.process.kill()
                self.process = None
                self.restarts += 1
                return stmt.index
            if not reply.get("ok"):
                err = reply.get("error") or {}
                self.failed_statements[stmt.index] = _statement_error(err)
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
        self.process.send(header)
        reply, _ = self.process.read(time.monotonic() + max(timeout, 0.01))
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
        return sorted(out, key=lambda s: s.line)

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
        """Many calls in one round trip (finite differences need hundreds)."""
        results: list[Returned | StudentError] = []
        pending = list(calls)
        while pending:
            done = self._batch_once(pending, drop)
            results += done
            pending = pending[len(done):]
        for slot in drop:
            self.kept.pop(slot, None)
            self._lost.pop(slot, None)
            self._live.discard(slot)
        return results

    # ------------------------------------------------------------------ names
    def display(self, call: Call) -> str:
        """How messages name the call: ``forward``, ``TwoHiddenNet.loss``, ``Value.grad``, ``int * Value``.

        Also the key of ``dead``: a method that hung is not called again on any
        object of its class, and costs nothing to other methods or classes.
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

    def _origin(self, ref: Ref) -> str | None:
        kept = self.kept.get(ref.slot)
        return kept.origin + _path_text(ref.path) if kept else None

    def _plan(self, call: Call) -> str:
        """The call's display name; a value it keeps is recorded with a guess of its class until the answer."""
        name = self.display(call)
        if call.keep:
            self.kept[call.keep] = _Kept(self._guess_type(call), name if call.get or call.fn.startswith("operator.")
                                         else f"{name}(...)")
        return name

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
        first_dead = None
        for i, c in enumerate(calls):
            if self._plan(c) in self.dead:
                first_dead = i
                break
        if first_dead == 0:
            return [self._repeat_dead(self.display(calls[0]))]
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
                self.dead[name] = err
                return [err]
        buffers: list[bytes] = []
        wire = []
        for c in calls:  # one frame holds as many calls as the protocol's limits allow; batch() sends the rest
            start = len(buffers)
            item = {"fn": c.fn, "args": _encode_args(list(c.args), buffers),
                    "kwargs": _encode_args(c.kwargs, buffers)["v"], "ret": None if c.ret is None else list(c.ret),
                    "keep": c.keep, "digest_args": list(c.digest) if isinstance(c.digest, tuple) else c.digest}
            if c.on is not None or c.get:
                item["on"] = None if c.on is None else {"slot": c.on.slot, "path": list(c.on.path)}
                item["get"] = bool(c.get)
            if wire and (len(buffers) > protocol.MAX_BUFFERS // 2
                         or sum(map(len, buffers)) > protocol.MAX_TOTAL_BYTES // 2):
                del buffers[start:]
                break
            wire.append(item)
        calls = calls[:len(wire)]
        assert self.process is not None
        out: list[Returned | StudentError] = []
        try:
            self.process.send({"op": "batch", "calls": wire, "drop": list(drop)}, buffers)
            last, received = time.monotonic(), 0
            while True:
                call_timeout = self.limits.call_seconds
                budget = self._remaining()
                reply, bufs = self.process.read(time.monotonic() + min(call_timeout, max(budget, 0.0)))
                if reply.get("done"):
                    return out
                k = len(out)
                if reply.get("i") != k or k >= len(calls):
                    raise SandboxError("protocol", "answers arrived out of order")
                received += sum(map(len, bufs))
                if received > MAX_BATCH_REPLY_BYTES:
                    raise SandboxError("protocol", f"it returned over {MAX_BATCH_REPLY_BYTES >> 20} MB of data")
                now = time.monotonic()
                out.append(self._reply(calls[k], reply, bufs, now - last))
                last = now
        except SandboxError as exc:
            k = len(out)
            call = calls[k] if k < len(calls) else calls[-1]
            fn = self.display(call)
            kind = exc.kind
            if kind == "timeout" and self._remaining() <= 0:
                kind = "budget"
            err = self._error(kind, fn, detail=exc.detail, call=call)
            if kind != "budget":
                self.dead[fn] = err
            self._lost.update(dict.fromkeys(self._live, fn))  # every kept value dies with the process
            self._live.clear()
            self._collect_output()
            self.process.kill()
            self.process = None
            self.restarts += 1
            return out + [err]

    def _reply(self, call: Call, reply: dict, bufs: list[bytes], seconds: float = 0.0) -> Returned | StudentError:
        """One answer, validated; ``seconds`` is the grader's own measure of the call."""
        fn = self.display(call)
        if not reply.get("ok"):
            err = reply.get("error") if isinstance(reply.get("error"), dict) else {}
            kind = err.get("kind") if err.get("kind") in _WORKER_KINDS else "exception"
            line = err.get("line") if isinstance(err.get("line"), int) else None
            if kind == "exception":
                where = f" ({self.source.where(line)})" if line else ""
                msg = f"`{fn}` raised {str(err.get('type', 'an error'))[:80]}: {str(err.get('message', ''))[:300]}{where}"
                return StudentError("exception", fn, msg, line)
            detail = str(err.get("message", ""))[:300]
            lost = [self._lost[r.slot] for r in _refs(call) if r.slot in self._lost] if kind == "bad_input" else []
            if lost:
                detail = f"what it needs was lost when the sandbox was restarted after `{lost[0]}` failed"
            return self._error(kind, fn, detail=detail, line=line, call=call)
        if call.keep:
            self._lost.pop(call.keep, None)
            self._live.add(call.keep)
        if call.keep and call.keep in self.kept:
            said = reply.get("kept")
            if isinstance(said, str) and said.isidentifier() and len(said) <= 60:
                self.kept[call.keep].type = said
        value = None
        if "value" in reply:
            try:
                value = protocol.decode(reply["value"], bufs)
            except protocol.ProtocolError as exc:
                return self._error("protocol", fn, detail=str(exc))
        said = reply.get("seconds")
        said = float(said) if type(said) in (int, float) and math.isfinite(said) else 0.0
        return Returned(value, seconds, reply.get("mutated") is True, reported_seconds=said)

    def _error(self, kind: str, fn: str, detail: str = "", line: int | None = None,
               call: Call | None = None) -> StudentError:
        lim = self.limits
        text = _ERROR_TEXT.get(kind, "`{fn}` failed: {detail}")
        if call is not None:
            text = self._object_text(kind, call) or text
        text = text.format(fn=fn, detail=detail, secs=lim.call_seconds, total=lim.submission_seconds,
                           mem=f"{lim.memory_bytes / 1024**3:g} GiB")
        return StudentError(kind, fn, text, line)

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

    def _repeat_dead(self, fn: str) -> StudentError:
        first = self.dead[fn]
        return StudentError(first.kind, fn, first.message + " (not called again)", first.line)


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
    return "".join(f"[{k!r}]" for k in path)[:60]


def _braces(text: str) -> str:
    """``text`` safe inside a ``str.format`` template."""
    return text.replace("{", "{{").replace("}", "}}")


def _statement_failure(exc: SandboxError) -> str:
    if exc.kind == "timeout":
        return f"did not finish within {STATEMENT_SECONDS:g} s, skipped"
    if exc.kind == "protocol":
        return "wrote garbage on the grader's channel, skipped"
    return f"{exc.detail}, skipped"


def _statement_error(err: dict) -> str:
    kind = err.get("kind")
    if kind == "exit":
        return "called sys.exit(), skipped"
    return f"failed with {str(err.get('type', 'an error'))[:80]}: {str(err.get('message', ''))[:200]}"
