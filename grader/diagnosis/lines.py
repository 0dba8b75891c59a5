"""Point at the student's line: where their values first depart from the model answer's, as a mistake's do.

Runs after ``name_mistakes`` on each failed gradient check that named a mistake
a mutant reproduces. Three traces of the same inputs (``grader.sandbox.trace``):

- the student's calls again, in the sandbox, with ``trace``: what each statement
  of their file left in the names it assigns, the last time it ran;
- the model answer (``R``): every array its statements assigned or returned;
- each mutant of the named mistake that explains the student's gradient (``M``):
  the same, minus the arrays the answer has too.

Two arrays are *the same* when they agree within the check's tolerance as they
are, transposed, reshaped, or (for a per-sample loop) as one row or column of
the other. Walking the student's records in the order they were made, a record
that is one of ``R`` is right; the first record that is one of ``M`` and none of
``R`` is the line: "here the values match the mistake". The sign of ``R`` is right
too, unless the mistake is the sign. A mutant's array that equals a gradient
block which the student got *right* never points (a per-sample loop's last
term is the overwrite mutant's whole gradient). Nothing is pointed at when the
traced run does not give the gradient the check saw (state kept between calls),
when tracing was cut short, or when no record matches: the report then says the
line could not be found.
"""
from __future__ import annotations

import ast
import traceback
import types
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..sandbox.session import Returned, StudentError
from ..sandbox.trace import LineTracer, statement_map
from ..checks.common import logistic
from .match import block_distance, evaluate, flatten
from .mutants.generate import SOURCES

#: ids a line can be pointed at for (what a gradient's values show); others (shape, not-implemented) cannot
NOT_POINTABLE = frozenset({"shape-mismatch", "not-implemented", "stale-gradient-state", "wrong-loss"})


@dataclass(frozen=True)
class Pointed:
    """The student's line where the values first match a mistake's."""

    line: int
    where: str  #: "line 42", or "In [7], line 3" in a notebook
    code: str  #: the statement's first line, as written
    mistake: str
    label: str  #: what the matching mutant does


# --------------------------------------------------------------------------- tracing the answer and mutants


@lru_cache(maxsize=64)
def _map_of(path: str) -> dict:
    try:
        return statement_map(ast.parse(Path(path).read_text(), filename=path))
    except (OSError, SyntaxError, ValueError):
        return {}


def _files(bank) -> dict[str, dict]:
    files = {}
    for module in (bank.ref, bank.module):
        path = getattr(module, "__file__", None)
        if path:
            files[path] = _map_of(path)
    for name, tree in SOURCES.items():  # the mutants generated from the answer's source
        files[name] = _tree_map(name, tree)
    return files


@lru_cache(maxsize=None)
def _tree_map(name: str, tree: ast.AST) -> dict:
    return statement_map(tree)


def traced_values(bank, ns: dict, function: str, inputs: Any) -> list[np.ndarray]:
    """Every array the code of ``ns`` (answer or mutant) assigned or returned while computing the quantity."""
    tracer = LineTracer(_files(bank))
    with tracer:
        out = evaluate(bank, ns, function, inputs, None)
    values = [v for r in tracer.records() for v in ((r[3],) if r[5] == 1 else (r[3], r[4]))]
    if out is not None:
        values += [np.asarray(v, dtype=float) for v in out.values() if np.size(v) > 1]
    return values


def _key(a: np.ndarray) -> tuple:
    return a.shape, np.round(a, 9).tobytes()


def shared_values(bank, function: str, inputs: Any, named: set[str]) -> list[np.ndarray]:
    """Arrays that mutants of at least two other mistakes compute too: not the named mistake's doing.

    A hand-written mutant need not be built like the answer (a backward with hooks recomputes the
    pre-activations the answer never names), so "not among the answer's arrays" alone would make a
    student's right intermediate look like the mistake's."""
    seen: dict[tuple, set[str]] = {}
    arrays: dict[tuple, np.ndarray] = {}
    for mutant, ns in zip(bank.mutants, bank.namespaces):
        if mutant.id in named or mutant.stage == "training":
            continue
        for a in traced_values(bank, ns, function, inputs):
            k = _key(a)
            seen.setdefault(k, set()).add(mutant.id)
            arrays.setdefault(k, a)
    return [arrays[k] for k, ids in seen.items() if len(ids) >= 2]


# --------------------------------------------------------------------------- comparing arrays


def _close(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    return block_distance(a, b) <= tol


def _pairs(a: np.ndarray, b: np.ndarray):
    """``a`` and the parts of ``b`` it may stand for, flattened alike: ``b`` as it is, transposed or reshaped
    (same size), or one slice of ``b`` along an axis (a row of a batch, a time step of a sequence: what a
    per-sample or per-step loop holds)."""
    if a.size == b.size:
        yield a.ravel(), b.ravel()
        if b.ndim == 2 and a.ndim == 2 and a.shape == b.shape[::-1] and a.shape != b.shape:
            yield a.ravel(), b.T.ravel()
        elif b.ndim == 2 and a.shape == b.shape and b.shape[0] == b.shape[1]:
            yield a.ravel(), b.T.ravel()
        return
    if b.ndim < 2 or a.size == 0 or b.size % a.size:
        return
    for axis in range(b.ndim):
        if b.shape[axis] * a.size != b.size:
            continue
        moved = np.moveaxis(b, axis, 0)
        rest = moved.shape[1:]
        flat = a.ravel()
        if a.ndim == 2 and len(rest) == 2 and a.shape != rest:
            if a.shape != rest[::-1]:
                continue
            flat = a.T.ravel()
        for item in moved.reshape(b.shape[axis], -1):
            yield flat, item


def related(a: np.ndarray, b: np.ndarray, tol: float, how: str = "equal") -> bool:
    """``a`` is ``b`` (see ``_pairs``): ``equal``; ``signed``: or ``-b``; ``positive``: or ``c b`` with c > 0;
    ``scaled``: ``c b`` with any c != 0 (the structure of ``b``, whatever factor a student carries)."""
    for x, y in _pairs(a, b):
        if how in ("equal", "signed"):
            if _close(x, y, tol) or (how == "signed" and _close(x, -y, tol)):
                return True
            continue
        yy = float(y @ y)
        if yy == 0.0 or not np.all(np.isfinite(x)):
            continue
        c = float(x @ y) / yy
        if c == 0.0 or (how == "positive" and c < 0):
            continue
        if _close(x, c * y, tol):
            return True
    return False


def informative(a: np.ndarray) -> bool:
    """An array whose values can tell code apart: finite, not constant (zeros from ``np.zeros_like``)."""
    return bool(np.all(np.isfinite(a))) and float(np.ptp(a)) > 1e-12 * (float(np.max(np.abs(a))) + 1e-300)


def _one_of(a: np.ndarray, pool: list[np.ndarray], tol: float, how: str = "equal") -> bool:
    return any(related(a, b, tol, how) for b in pool)


#: how a record may stand for a mistake's array: a factor is the mistake for gradient-scale (exact values
#: only); the sign is for gradient-sign (any positive factor); for the rest, the structure (any factor)
HOW = {"gradient-scale": "equal", "gradient-sign": "positive"}


# --------------------------------------------------------------------------- pointing


def explaining_mutants(bank, function: str, inputs: Any, got: dict, ref: dict, ids: list[str],
                       tol: float) -> list[tuple[Any, dict, list[str]]]:
    """The mutants of ``ids`` whose gradient agrees with the student's on every block the mutant changes
    (at least one): ``(mutant, namespace, blocks it changes)``."""
    out = []
    for mutant, ns in zip(bank.mutants, bank.namespaces):
        if mutant.id not in ids or mutant.stage not in ("gradient", "forward"):
            continue
        value = evaluate(bank, ns, function, inputs, None)
        if value is None:
            continue
        changed = [k for k in ref if k in value and block_distance(value[k], ref[k]) > tol]
        if changed and all(k in got and block_distance(got[k], value[k]) <= tol for k in changed):
            out.append((mutant, ns, changed))
    return out


def first_departure(student: list[tuple], right: list[np.ndarray], wrong: list[tuple[str, str, list]],
                    tol: float, reads: dict[int, frozenset[str]] | None = None,
                    unpointable: frozenset[int] = frozenset()) -> tuple[tuple, str, str] | None:
    """The first student record that stands for one of a mistake's arrays and for none of the answer's, made
    by a statement whose inputs are all right: ``(record, mistake id, label)``.

    ``wrong`` is ``[(id, label, arrays)]``; records are ``(line, name, first, last, times)``. How a
    value stands for an array depends on the id (``HOW``); an input is right when it stands for one of the
    answer's arrays up to a factor (a student may carry the mean's 1/N to a later line). Two passes: the
    first time every statement ran (in a loop, the first iteration, whose inputs no earlier iteration has
    spoiled), then the last time (a per-sample loop that overwrites keeps its last sample). ``reads``
    maps a statement's line to the names it reads (its own targets excluded: ``x += e``); a name with no
    record (a number, a dict of settings) does not count. Lines in ``unpointable`` are never pointed at."""
    for which in (2, 3):
        for mid, label, arrays in wrong:
            how = HOW.get(mid, "scaled")
            status: dict[str, bool] = {}  # name -> its value at this point is right (up to a factor)
            if which == 3:
                for rec in student:
                    _note(status, rec[1], _one_of(rec[3], right, tol, "scaled"))
            for rec in student:
                line, name, value = rec[0], rec[1], rec[which]
                if line not in unpointable and informative(value) and _one_of(value, arrays, tol, how) and \
                        not _one_of(value, right, tol, how) and \
                        all(status.get(n, True) for n in (reads or {}).get(line, ())):
                    return rec, mid, label
                if which == 2:
                    _note(status, name, _one_of(value, right, tol, "scaled"))
    return None


def _note(status: dict[str, bool], name: str, ok: bool) -> None:
    """``x`` is right when it is; ``x['W1']`` (one item of a container) leaves ``x`` right only if all are."""
    base = name.split("[")[0]
    status[base] = (ok and status.get(base, True)) if name != base else ok


def statement_reads(text: str) -> tuple[dict[int, frozenset[str]], frozenset[int], frozenset[int],
                                         dict[int, frozenset[str]]]:
    """Per statement's first line: the names it reads (minus those it assigns); the ``def`` lines; the lines
    that only pass a value on (a name, an item, or a container of them: no arithmetic); the names of the
    functions each statement calls."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}, frozenset(), frozenset(), {}
    reads: dict[int, frozenset[str]] = {}
    calls: dict[int, frozenset[str]] = {}
    defs, passing = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            defs.add(node.lineno)
        if not isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Expr)):
            continue
        targets = {n.id for t in getattr(node, "targets", [getattr(node, "target", None)]) if t is not None
                   for n in ast.walk(t) if isinstance(n, ast.Name)}
        value = node.value
        if value is None:
            continue
        loaded = {n.id for n in ast.walk(value) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        reads[node.lineno] = frozenset(loaded - targets)
        calls[node.lineno] = frozenset(n.func.id for n in ast.walk(value)
                                       if isinstance(n, ast.Call) and isinstance(n.func, ast.Name))
        if not isinstance(node, ast.AugAssign) and _passes_on(value):
            passing.add(node.lineno)
    return reads, frozenset(defs), frozenset(passing), calls


def _passes_on(value: ast.AST) -> bool:
    """An expression that computes nothing: a name, an item or attribute of one, a container of such."""
    if isinstance(value, (ast.Name, ast.Constant)):
        return True
    if isinstance(value, (ast.Subscript, ast.Attribute)):
        return _passes_on(value.value)
    if isinstance(value, (ast.Tuple, ast.List)):
        return all(_passes_on(v) for v in value.elts)
    if isinstance(value, ast.Dict):
        return all(v is not None and _passes_on(v) for v in value.values)
    return False


def judge_helpers(student: list[tuple], text: str, ref: Any, tol: float,
                  entry: frozenset[str]) -> dict[str, tuple[str, int, int]]:
    """The student's module-level helper functions (not the traced ``entry`` ones), judged where they last
    ran: ``{name: (verdict, first line, last line)}``, verdict ``right`` (its recorded arguments give the
    value of the answer's function of that name, of another of its functions, or of a standard
    activation or derivative), ``wrong`` (the answer has a function of that name, which gives another
    value), or ``unknown``. Inside a right helper no line is a mistake (the call is, when it is called on
    the wrong thing); inside an unknown one, and on the lines that call it, the grader cannot tell."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}
    at = {(rec[0], rec[1]): rec[3] for rec in student}
    answers = _plain_functions(ref)
    out: dict[str, tuple[str, int, int]] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name in entry:
            continue
        end = node.end_lineno or node.lineno
        names = [a.arg for a in node.args.posonlyargs + node.args.args]
        returns = [rec[3] for rec in student if rec[1] == "return" and node.lineno <= rec[0] <= end]
        verdict = "unknown"
        if names and all((node.lineno, n) in at for n in names) and len(returns) == 1:
            args = [at[(node.lineno, n)] for n in names]
            same_name = [f for n, f in answers if n == node.name]
            others = [f for n, f in answers if n != node.name and _arity(f) == len(names)]
            others += STANDARD if len(names) == 1 else []
            if any(_gives(f, args, returns[0], tol) for f in same_name + others):
                verdict = "right"
            elif same_name:
                verdict = "wrong"
        out[node.name] = (verdict, node.lineno, end)
    return out


def _gives(fn: Any, args: list[np.ndarray], value: np.ndarray, tol: float) -> bool:
    try:
        with np.errstate(all="ignore"):
            want = np.asarray(fn(*[a.copy() for a in args]), dtype=float)
    except Exception:  # noqa: BLE001 - the function does not take these: no verdict
        return False
    return want.shape == value.shape and _close(value, want, tol)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


#: Standard activations and their derivatives: a one-argument helper that computes one of them exactly is
#: right whatever the answer names its own (``logistic_prime`` is sigmoid')
STANDARD = [logistic, lambda z: logistic(z) * (1.0 - logistic(z)), np.tanh, lambda z: 1.0 - np.tanh(z) ** 2,
            lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float), _softmax]


def _plain_functions(ref: Any) -> list[tuple[str, Any]]:
    """The model answer's module-level functions (not classes: building one proves nothing)."""
    return [(n, f) for n, f in sorted(vars(ref).items())
            if isinstance(f, types.FunctionType) and getattr(f, "__module__", None) == ref.__name__]


def _arity(fn: Any) -> int:
    return fn.__code__.co_argcount - len(fn.__defaults__ or ())


def merged(traces: list[list[tuple]]) -> list[tuple]:
    """The records of consecutive traced calls as one run: a statement's first value from the first call
    that ran it, its last from the last one."""
    out: dict[tuple[int, str], list] = {}
    for trace in traces:
        for line, name, first, last, times in trace:
            entry = out.get((line, name))
            if entry is None:
                out[(line, name)] = [line, name, first, last, times]
            else:
                entry[3], entry[4] = last, entry[4] + times
    return [tuple(e) for e in out.values()]


def _arrays(value: Any, depth: int = 0):
    """Every array in a returned value (dicts, lists and tuples of them)."""
    if depth > 4:
        return
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from _arrays(v, depth + 1)
    elif isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        yield np.asarray(value, dtype=float)


def _consistent(raw: Any, got: dict) -> bool:
    """The traced run gave the gradient the check saw (no state kept between calls changed it)."""
    pool = list(_arrays(raw))
    for v in got.values():
        v = np.asarray(v, dtype=float)
        if not any(p.size == v.size and np.allclose(p.ravel(), v.ravel(), rtol=1e-9, atol=1e-12, equal_nan=True)
                   for p in pool):
            return False
    return True


def point(ctx, spec, fail, result, bank, tol: float) -> list[Pointed] | None:
    """The student's line(s) for the mistakes named on ``result``; [] when none can be found, None when
    pointing does not apply (no calls to trace, nothing pointable named)."""
    from . import evidence_function

    ev = fail.evidence if isinstance(fail.evidence, dict) else {}
    calls = ev.get("calls")
    function = evidence_function(spec, ev, bank)[1]
    ids = [m for m in result.mistakes if m not in NOT_POINTABLE]
    if not calls or not ids or function not in bank.quantities or "inputs" not in ev:
        return None
    got = flatten(ev.get("got"))
    ref = evaluate(bank, bank.reference, function, ev["inputs"], None)
    if ref is None:
        return None
    mutants = explaining_mutants(bank, function, ev["inputs"], got, ref, ids, tol)
    if not mutants:
        return []
    # the student's calls again, traced (a fresh slot: the check's own was dropped)
    results = ctx.student.batch([replace(c, trace=True) for c in calls],
                                drop=[c.keep for c in calls if c.keep])
    if any(isinstance(r, StudentError) for r in results) or len(results) != len(calls):
        return []
    if not _consistent(results[-1].value, got) or any(r.trace_truncated for r in results):
        return []
    student = merged([r.trace or [] for r in results if isinstance(r, Returned)])
    source = ctx.student.source
    entry = frozenset(c.fn for c in calls)
    helpers = judge_helpers(student, source.text, bank.ref, tol, entry)
    # inside a right helper nothing is a mistake: its records are left out (its call is judged)
    student = [rec for rec in student
               if not any(v == "right" and a <= rec[0] <= b for v, a, b in helpers.values())]
    right = traced_values(bank, bank.reference, function, ev["inputs"]) + \
        shared_values(bank, function, ev["inputs"], {m.id for m, _, _ in mutants})
    right_blocks = [np.asarray(got[k], dtype=float) for k in ref
                    if k in got and block_distance(got[k], ref[k]) <= tol]
    wrong = []
    for mutant, ns, changed in mutants:
        arrays = [a for a in traced_values(bank, ns, function, ev["inputs"])
                  if informative(a) and not _one_of(a, right, tol) and not _one_of(a, right_blocks, tol)]
        wrong.append((mutant.id, mutant.name, arrays))
    reads, defs, passing, calling = statement_reads(source.text)
    unknown = {n for n, (v, _, _) in helpers.items() if v == "unknown"}
    # never pointed at: ``def`` lines (arguments), lines that only pass a value on (``return grads``,
    # ``out = dW``), the traced functions' own returns; inside an unknown helper and where one is called,
    # the grader cannot tell which side is wrong
    blind = {line for line, called in calling.items() if called & unknown}
    blind |= {line for v, a, b in helpers.values() if v == "unknown" for line in range(a, b + 1)}
    top = _top_returns(source.text, list(entry))
    lines = source.text.splitlines()
    pointed: list[Pointed] = []
    for mid in dict.fromkeys(m[0] for m in wrong):
        found = first_departure(student, right, [w for w in wrong if w[0] == mid], tol, reads,
                                defs | top | passing | frozenset(blind))
        if found is None:
            continue
        rec, mistake, label = found
        line = rec[0]
        code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        if not any(p.line == line and p.mistake == mistake for p in pointed):
            pointed.append(Pointed(line, source.where(line), code[:160], mistake, label))
    return pointed


def _top_returns(text: str, functions: list[str]) -> frozenset[int]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return frozenset()
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in functions:
            out |= {n.lineno for n in ast.walk(node) if isinstance(n, ast.Return)}
    return frozenset(out)


def describe(pointed: list[Pointed]) -> str:
    """The sentence a report shows."""
    parts = [f"{p.where}: `{p.code}`: here your values match the mistake '{p.label}' ({p.mistake})"
             for p in pointed]
    return "; ".join(parts)


def point_lines(failures: list, ctx, internal_errors: list[str] | None = None) -> None:
    """The pointing step, after ``name_mistakes``: for each failed gradient check that named a mistake,
    the student's line where it is (``details["lines"]``, and a sentence on the message)."""
    from . import tolerance
    from .mutants import bank as get_bank

    bank = None if ctx.student_mode else get_bank(ctx.assignment)
    if bank is None:
        return
    for spec, fail, result in failures:
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        if not ev.get("calls") or result.passed:
            continue
        try:
            with np.errstate(all="ignore"):
                found = point(ctx, spec, fail, result, bank, tolerance(ev))
        except StudentError:
            continue
        except Exception:  # noqa: BLE001 - a pointing bug must not cost the student
            if internal_errors is not None:
                internal_errors.append(f"pointing of {spec.id}: {traceback.format_exc(limit=3)}")
            continue
        if found is None:
            continue
        details = result.details if isinstance(result.details, dict) else {}
        details["lines"] = [{"line": p.line, "where": p.where, "code": p.code, "mistake": p.mistake,
                             "label": p.label} for p in found]
        result.details = details
        if found:
            result.message += "; " + describe(found)
        else:
            result.message += "; the grader could not tell which line of yours makes this mistake"
