"""Line tracing: the arrays each statement of a file assigned, the last time it ran.

The same code runs on both sides, so both record the same things the same way:
inside the sandbox on a student's function (a call with ``trace``: the worker
program is ``protocol.py``, this file and ``worker.py``), and in the grader on
the model answer and its mutants (``grader.diagnosis.lines``), whose records are
matched to find the student's first line whose values depart from the answer.

What is recorded, per (file, statement, name): the values the statement left, the
first and the last time it ran, in
a name it assigns (``x = ...``, ``x += ...``, ``x[i] = ...``, ``self.x = ...``,
a ``for`` target, the receiver of ``x.fill(0)``), the arguments a function was
called with (at its ``def`` line), and what a function or lambda returned (at
the statement it returned from, as ``"return"``). Only float or integer arrays
of 1 to ``MAX_ITEMS`` entries (one entry: a one-output network's per-sample value, judged as
an input, never pointed at), numbers and lists of numbers (as arrays: a loop over
Python floats leaves a record too), and dicts, lists and tuples of arrays (one
level deep), are kept, as float64 copies. What a function returned, and the
argument of a one-argument function, also keep their ``span`` over every call: the
smallest and largest finite value and the one nearest 1/2, which do not depend on
the order the calls came in (a ``Value`` engine's ``backward`` walks a ``set`` of
nodes, in an order that changes with the objects' addresses; its first and last
returns change with it). Bounded: at most ``MAX_EVENTS`` line events
(tracing stops after that), ``MAX_ENTRIES`` records and ``MAX_BYTES`` of data.
"""
import ast
import sys

import numpy as _np

MAX_EVENTS = 200_000
MAX_ENTRIES = 600
MAX_ITEMS = 40_000
MAX_BYTES = 24 * 1024 * 1024


def _names(target) -> list:
    """The names an assignment target binds or changes: ``a``, ``a[i]`` -> a, ``self.a`` -> self.a."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for t in target.elts for n in _names(t)]
    if isinstance(target, ast.Starred):
        return _names(target.value)
    if isinstance(target, ast.Subscript):  # x[k] = ...: "x[]", only what the statement changed in x is kept
        inner = _names(target.value)
        return [n if n.endswith("[]") else n + "[]" for n in inner]
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        return [target.value.id + "." + target.attr]
    return []


#: calls whose result holds whatever was in memory: recording it would make a record differ from run to run
_UNINITIALISED = frozenset({"empty", "empty_like", "ndarray"})


def _uninitialised(value) -> bool:
    func = value.func if isinstance(value, ast.Call) else None
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    return name in _UNINITIALISED


def _changed(node) -> list:
    """The names a statement assigns or changes in place (not what ``np.empty`` gives: its memory's leftovers)."""
    if isinstance(node, ast.Assign):
        return [] if _uninitialised(node.value) else [n for t in node.targets for n in _names(t)]
    if isinstance(node, ast.AnnAssign):
        return [] if node.value is not None and _uninitialised(node.value) else _names(node.target)
    if isinstance(node, ast.AugAssign):
        return _names(node.target)
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return _names(node.target)
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        call = node.value  # x.fill(0), np.add.at(x, ...), np.copyto(x, ...): the receiver or first argument
        out = []
        if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
            out.append(call.func.value.id)
        if call.args and isinstance(call.args[0], ast.Name):
            out.append(call.args[0].id)
        out += [k.value.id for k in call.keywords if k.arg == "out" and isinstance(k.value, ast.Name)]
        return out
    return []


def statement_map(tree) -> dict:
    """``{line: (first line of the innermost statement covering it, names it changes)}``.

    A compound statement (``for``, ``if``, ``def``) covers only its header lines;
    its body's statements cover theirs.
    """
    out = {}

    def visit(body) -> None:
        for node in body:
            if not isinstance(node, ast.stmt):
                continue
            end = getattr(node, "end_lineno", None) or node.lineno
            inner = [b for field in ("body", "orelse", "finalbody", "handlers") for b in getattr(node, field, ())]
            inner_stmts = [b for b in inner if isinstance(b, ast.stmt)]
            for h in getattr(node, "handlers", ()):
                inner_stmts += h.body
            header_end = min([s.lineno for s in inner_stmts] + [end + 1]) - 1 if inner_stmts else end
            entry = (node.lineno, tuple(_changed(node)))
            for line in range(node.lineno, max(header_end, node.lineno) + 1):
                out[line] = entry
            for field in ("body", "orelse", "finalbody"):
                visit(getattr(node, field, ()))
            for h in getattr(node, "handlers", ()):
                visit(h.body)

    visit(tree.body if isinstance(tree, ast.Module) else tree)
    return out


def _keepable(value):
    """A float64 copy of an array worth recording (a number, a list of numbers: as an array), or None."""
    if type(value) in (int, float) or isinstance(value, (_np.integer, _np.floating)):
        return _np.array([value], dtype=_np.float64)
    if type(value) is list and 1 < len(value) <= MAX_ITEMS and all(type(v) in (int, float) for v in value):
        return _np.array(value, dtype=_np.float64)
    if type(value) is not _np.ndarray:
        return None
    if value.dtype.kind not in "biuf" or not 0 < value.size <= MAX_ITEMS:
        return None
    return _np.array(value, dtype=_np.float64, copy=True)


def span_of(arr):
    """``(smallest, largest, nearest 1/2)`` of an array's finite values (ties to 1/2: the smaller), or None."""
    if arr.size == 1:  # the common case in a per-sample loop: no array work
        x = float(arr.flat[0])
        return (x, x, x) if x - x == 0.0 else None
    v = arr[_np.isfinite(arr)] if not _np.all(_np.isfinite(arr)) else arr
    if v.size == 0:
        return None
    off = _np.abs(v - 0.5)
    return float(v.min()), float(v.max()), float(v[off == off.min()].min())


def joined_span(a, b):
    """Two spans as one (either may be None): what both runs together would give."""
    if a is None or b is None:
        return b if a is None else a
    near = min((abs(a[2] - 0.5), a[2]), (abs(b[2] - 0.5), b[2]))[1]
    return min(a[0], b[0]), max(a[1], b[1]), near


def _returned(label: str) -> bool:
    return label == "return" or label.startswith("return[")


def _identities(value) -> dict:
    if isinstance(value, dict):
        return {k: id(v) for k, v in list(value.items())[:64]}
    if isinstance(value, list):
        return {i: id(v) for i, v in enumerate(value[:64])}
    return {}


class LineTracer:
    """Records what the statements of ``files`` (``{filename: statement_map(...)}``) leave in their names.

    Use as a context manager around the call to trace; ``records()`` then gives
    ``[(filename, line, name, first, last, times), ...]`` in the order the entries
    were first made. Nothing outside ``files`` is traced (NumPy runs at full speed).
    """

    def __init__(self, files: dict) -> None:
        self.files = files
        self.entries = {}  # (file, line, name) -> [first, last, times, span]; insertion order = first made
        self.current = {}  # id(frame) -> statement entry (line, names) being run
        self.snaps = {}  # id(frame) -> {container name: {key: id(item)}} before the running statement
        self.events = 0
        self.bytes = 0
        self.truncated = False
        self._previous = None

    # ------------------------------------------------------------------ running
    def __enter__(self):
        self._previous = sys.gettrace()
        sys.settrace(self._call)
        return self

    def __exit__(self, *exc) -> None:
        sys.settrace(self._previous)

    def _call(self, frame, event, arg):
        if event != "call" or frame.f_code.co_filename not in self.files:
            return None
        try:
            code = frame.f_code
            count = code.co_argcount + code.co_kwonlyargcount
            loc = frame.f_locals
            for name in code.co_varnames[:count]:
                self._keep(code.co_filename, code.co_firstlineno, name, loc.get(name), spanned=count == 1)
        except Exception:  # noqa: BLE001 - tracing must never change what the traced code does
            pass
        return self._line

    def _line(self, frame, event, arg):
        self.events += 1
        if self.events > MAX_EVENTS:
            self.truncated = True
            sys.settrace(None)
            frame.f_trace = None
            return None
        try:
            filename = frame.f_code.co_filename
            key = id(frame)
            before = self.current.get(key)
            if event == "line":
                now = self.files[filename].get(frame.f_lineno)
                if before is not None and (now is None or now[0] != before[0]):
                    self._statement_done(frame, filename, before)
                if now is not None and (before is None or now[0] != before[0]):
                    self.current[key] = now
                    self._snapshot(frame, now)
            elif event == "return":
                if before is not None:
                    self._statement_done(frame, filename, before)
                    self._keep(filename, before[0], "return", arg)
                self.current.pop(key, None)
        except Exception:  # noqa: BLE001
            pass
        return self._line

    def _snapshot(self, frame, stmt) -> None:
        """Before a statement that assigns items (``x[k] = ...``): which items ``x`` holds, by identity."""
        subs = [n[:-2] for n in stmt[1] if n.endswith("[]") and "." not in n]
        if not subs:
            self.snaps.pop(id(frame), None)
            return
        loc = frame.f_locals
        self.snaps[id(frame)] = {n: _identities(loc.get(n)) for n in subs}

    def _statement_done(self, frame, filename: str, stmt) -> None:
        line, names = stmt
        if not names:
            return
        loc = frame.f_locals
        snaps = self.snaps.pop(id(frame), {})
        for name in names:
            if name.endswith("[]"):
                name = name[:-2]
                value = loc.get(name) if "." not in name else None
                if isinstance(value, (dict, list)):
                    before = snaps.get(name) or {}
                    items = value.items() if isinstance(value, dict) else enumerate(value)
                    for k, v in list(items)[:64]:
                        if type(k) in (str, int) and before.get(k) != id(v):
                            self._keep(filename, line, f"{name}[{k!r}]", v)
                    continue
                if value is not None:
                    self._keep(filename, line, name, value)
                    continue
            if "." in name:
                base, attr = name.split(".", 1)
                holder = loc.get(base)
                try:
                    value = vars(holder).get(attr) if holder is not None else None
                except TypeError:
                    value = None
            else:
                value = loc.get(name)
            self._keep(filename, line, name, value)

    def _keep(self, filename: str, line: int, name: str, value, spanned: bool = False) -> None:
        if isinstance(value, dict):
            items = [(f"{name}[{k!r}]", v) for k, v in list(value.items())[:64] if type(k) in (str, int)]
        elif isinstance(value, (list, tuple)) and not (type(value) is list and value and
                                                        all(type(v) in (int, float) for v in value[:64])):
            items = [(f"{name}[{i}]", v) for i, v in enumerate(value[:64])]
        else:
            items = [(name, value)]
        for label, v in items:
            arr = _keepable(v)
            if arr is None:
                continue
            key = (filename, line, label)
            entry = self.entries.get(key)
            if entry is not None:
                if entry[1] is not None:
                    self.bytes -= entry[1].nbytes
                if self.bytes + arr.nbytes <= MAX_BYTES:
                    self.bytes += arr.nbytes
                    entry[1] = arr
                else:
                    entry[1] = None
                entry[2] += 1
                if spanned or _returned(label):
                    entry[3] = joined_span(entry[3], span_of(arr))
            elif len(self.entries) < MAX_ENTRIES and self.bytes + arr.nbytes <= MAX_BYTES:
                self.bytes += arr.nbytes
                self.entries[key] = [arr, None, 1, span_of(arr) if spanned or _returned(label) else None]

    # ------------------------------------------------------------------ results
    def records(self) -> list:
        """``[(file, line, name, first value, last value, times, span)]``, in the order first made; the last
        value is the first when the statement ran once; the span is a return's or an argument's (else None)."""
        return [(f, line, name, e[0], e[1] if e[1] is not None else e[0], e[2],
                 None if e[3] is None else _np.array(e[3], dtype=_np.float64))
                for (f, line, name), e in self.entries.items()]
