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
    """One call in a batch: ``fn(*args, **kwargs)``, returning part ``ret`` of its result."""

    fn: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    ret: tuple | None = ()  #: () the whole result, (0,) its first item, None nothing
    keep: str | None = None  #: keep the whole result under this name for later Refs
    digest: bool | tuple[int, ...] = False  #: report whether the call changed its arguments (or those positions)


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
             digest: bool = False, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` in the sandbox; its value, or ``StudentError``."""
        result = self.batch([Call(fn, args, kwargs, ret, keep, digest)])[0]
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
        return results

    def _batch_once(self, calls: list[Call], drop) -> list[Returned | StudentError]:
        first_dead = next((i for i, c in enumerate(calls) if c.fn in self.dead), None)
        if first_dead == 0:
            return [self._repeat_dead(calls[0].fn)]
        if first_dead is not None:
            calls = calls[:first_dead]
        if self._remaining() <= 0:
            return [self._error("budget", calls[0].fn)]
        if self.process is None:
            try:
                self._start()
            except SandboxError as exc:
                err = self._error(exc.kind, calls[0].fn, detail=exc.detail)
                self.dead[calls[0].fn] = err
                return [err]
        buffers: list[bytes] = []
        wire = []
        for c in calls:  # one frame holds as many calls as the protocol's limits allow; batch() sends the rest
            start = len(buffers)
            item = {"fn": c.fn, "args": _encode_args(list(c.args), buffers),
                    "kwargs": _encode_args(c.kwargs, buffers)["v"], "ret": None if c.ret is None else list(c.ret),
                    "keep": c.keep, "digest_args": list(c.digest) if isinstance(c.digest, tuple) else c.digest}
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
            fn = calls[k].fn if k < len(calls) else calls[-1].fn
            kind = exc.kind
            if kind == "timeout" and self._remaining() <= 0:
                kind = "budget"
            err = self._error(kind, fn, detail=exc.detail)
            if kind != "budget":
                self.dead[fn] = err
            self._collect_output()
            self.process.kill()
            self.process = None
            self.restarts += 1
            return out + [err]

    def _reply(self, call: Call, reply: dict, bufs: list[bytes], seconds: float = 0.0) -> Returned | StudentError:
        """One answer, validated; ``seconds`` is the grader's own measure of the call."""
        if not reply.get("ok"):
            err = reply.get("error") if isinstance(reply.get("error"), dict) else {}
            kind = err.get("kind") if err.get("kind") in _WORKER_KINDS else "exception"
            line = err.get("line") if isinstance(err.get("line"), int) else None
            if kind == "exception":
                where = f" ({self.source.where(line)})" if line else ""
                msg = f"`{call.fn}` raised {str(err.get('type', 'an error'))[:80]}: {str(err.get('message', ''))[:300]}{where}"
                return StudentError("exception", call.fn, msg, line)
            return self._error(kind, call.fn, detail=str(err.get("message", ""))[:300], line=line)
        value = None
        if "value" in reply:
            try:
                value = protocol.decode(reply["value"], bufs)
            except protocol.ProtocolError as exc:
                return self._error("protocol", call.fn, detail=str(exc))
        said = reply.get("seconds")
        said = float(said) if type(said) in (int, float) and math.isfinite(said) else 0.0
        return Returned(value, seconds, reply.get("mutated") is True, reported_seconds=said)

    def _error(self, kind: str, fn: str, detail: str = "", line: int | None = None) -> StudentError:
        lim = self.limits
        text = _ERROR_TEXT.get(kind, "`{fn}` failed: {detail}").format(
            fn=fn, detail=detail, secs=lim.call_seconds, total=lim.submission_seconds,
            mem=f"{lim.memory_bytes / 1024**3:g} GiB")
        return StudentError(kind, fn, text, line)

    def _repeat_dead(self, fn: str) -> StudentError:
        first = self.dead[fn]
        return StudentError(first.kind, fn, first.message + " (not called again)", first.line)


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
