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
import bisect
import re
import traceback
import types
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..checks.common import is_low_precision
from ..sandbox.session import Ref, Returned, StudentError
from ..sandbox.trace import LineTracer, joined_span, statement_map
from ..checks.common import logistic
from .match import TOL32, TOL64, block_distance, evaluate, flatten, run
from .mutants import bind
from .edits import DRAWS, sum_of_product
from .edits import parsed as _parsed
from .mutants.generate import SOURCES
from .repair import point_repairs

#: ids a line can be pointed at for (what a gradient's values show); others (shape, not-implemented) cannot
NOT_POINTABLE = frozenset({"shape-mismatch", "not-implemented", "stale-gradient-state", "wrong-loss",
                           # a missing term: the line that lacks it gives a value the answer has too (the
                           # other term, ``dhs[:, t]`` of ``dhs[:, t] + dh_next``), so the first wrong value
                           # is the next line's
                           "missing-recurrent-gradient"})
#: mistakes of layout: values cannot tell where a student who works transposed converts wrongly
LAYOUT = frozenset({"transposed-gradient", "recurrent-transpose"})
#: mistakes of picking the wrong array: the line is where it is picked, when a line picks it (``A_prev = A[l]``)
SELECTION = frozenset({"wrong-layer-input", "off-by-one-time"})


@dataclass(frozen=True)
class Pointed:
    """The student's line where the values first match a mistake's."""

    line: int
    where: str  #: "line 42", or "In [7], line 3" in a notebook
    code: str  #: the statement's first line, as written
    mistake: str
    label: str  #: what the matching mutant does
    static: bool = False  #: found from the code's structure: no values were compared


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
    """Every array the code of ``ns`` (answer or mutant) assigned or returned while computing the quantity
    (computed once per process: ``Bank.kept``; the arrays are read-only)."""
    return bank.kept(ns, ("traced", function), inputs, lambda: _traced_values(bank, ns, function, inputs))


def _traced_values(bank, ns: dict, function: str, inputs: Any) -> list[np.ndarray]:
    tracer = LineTracer(_files(bank))
    with tracer:
        out = run(bank, ns, function, inputs, None)
    values = [v for r in tracer.records() for v in ((r[3],) if r[5] == 1 else (r[3], r[4])) if v.size > 1]
    if out is not None:
        values += [np.asarray(v, dtype=float) for v in out.values() if np.size(v) > 1]
    return _distinct(values)


def _distinct(values: list[np.ndarray]) -> list[np.ndarray]:
    """Each array once (a loop's statements give the same arrays again): comparisons cost per array."""
    seen, out = set(), []
    for v in values:
        k = _key(v)
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


class _Record(ast.NodeTransformer):
    """Wraps every computed expression inside a function (an operation, a call) in ``__subexpression__(...)``."""

    def _wrap(self, node: ast.expr) -> ast.expr:
        node = self.generic_visit(node)
        return ast.copy_location(ast.Call(ast.Name("__subexpression__", ast.Load()), [node], []), node)

    visit_BinOp = visit_UnaryOp = visit_Call = _wrap


def _subexpression(value: Any) -> Any:
    """Stands for the recorder while the instrumented module is imported (``subexpressions`` binds its own)."""
    return value


def _recorder(seen: list[np.ndarray]):
    """A ``__subexpression__`` that keeps the arrays it sees in ``seen``: one list per call, so that two
    gradings in threads of one process (a test's pool, a host that embeds the grader) never share one."""
    def record(value: Any) -> Any:
        if type(value) is np.ndarray and value.dtype.kind in "biuf" and 1 < value.size <= 40_000 \
                and len(seen) < 5000:
            seen.append(np.array(value, dtype=float))
        return value
    return record


@lru_cache(maxsize=16)
def _instrumented(ref: Any) -> dict | None:
    """The model answer's module once more, every computed expression recorded when it runs."""
    path = getattr(ref, "__file__", None)
    try:
        tree = _Record().visit(ast.parse(Path(path).read_text(), filename=path))
        code = compile(ast.fix_missing_locations(tree), f"<subexpressions of {ref.__name__}>", "exec")
    except (OSError, TypeError, SyntaxError, ValueError):
        return None
    glb = {"__name__": ref.__name__, "__package__": getattr(ref, "__package__", None),
           "__subexpression__": _subexpression}
    try:
        exec(code, glb)  # noqa: S102 - the course's own model answer, already imported once
    except Exception:  # noqa: BLE001 - an answer that cannot be run twice gives no sub-expressions
        return None
    return glb


def subexpressions(bank, function: str, inputs: Any) -> list[np.ndarray]:
    """Every array the model answer computes on the way, named or not (``relu(X @ W + b)``'s ``X @ W + b``).

    To clear a candidate line: a student's value that the answer computes too is not a mistake. To judge an
    input right only when it is none of the mistake's values: a part of the answer's expression
    (``2 * (out - y)`` of ``2 * (out - y) / N``) may be exactly a mistake's value (the lost ``/ N``)."""
    def record() -> list[np.ndarray]:
        seen: list[np.ndarray] = []
        ns = _recording_namespace(bank, seen)
        if ns is not None:
            run(bank, ns, function, inputs, None)  # it must run: the recorder watches it
        return seen

    return bank.kept(bank.reference, ("subexpressions", function), inputs, record)  # once per process


def _recording_namespace(bank, seen: list[np.ndarray]) -> dict | None:
    """The instrumented answer, bound so that every array it computes lands in ``seen``."""
    glb = _instrumented(bank.ref)
    if glb is None:
        return None
    module = types.ModuleType(bank.ref.__name__)
    module.__dict__.update(glb)
    helpers = {k: v for k, v in vars(bank.module).items() if not k.startswith("__")}
    ns = bind(module, {}, helpers)
    ns["__subexpression__"] = _recorder(seen)  # the re-bound functions look it up in ``ns`` when they run
    return ns


def call_subexpressions(bank, fn: str, args: tuple) -> list[np.ndarray]:
    """``subexpressions`` of the answer's ``fn(*args)``, for a check that compared one call's value."""
    seen: list[np.ndarray] = []
    ns = _recording_namespace(bank, seen)
    if ns is None or not callable(ns.get(fn)):
        return []
    try:
        with np.errstate(all="ignore"):
            ns[fn](*[np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args])
    except Exception:  # noqa: BLE001 - the answer does not take these: nothing to compare with
        return []
    return seen


def _key(a: np.ndarray) -> tuple:
    return a.shape, np.round(a, 9).tobytes()


def shared_values(bank, function: str, inputs: Any, named: set[str], tol: float = 1e-6) -> list[np.ndarray]:
    """Arrays that mutants of at least two other mistakes compute too: not the named mistake's doing.

    A hand-written mutant need not be built like the answer (a backward with hooks recomputes the
    pre-activations the answer never names), so "not among the answer's arrays" alone would make a
    student's right intermediate look like the mistake's. Arrays are the same within ``tol`` (not by
    rounding: the last bits of a product vary from run to run with memory alignment, and a rounded key
    would make the same file point differently on two runs). Two catalogued mistakes may give the same
    wrong array (tanh' at the output, and tanh' of the pre-activation written on the output): then one
    gradient check may point past it, which the agreement between checks (``point_lines``) catches.""" 
    groups: dict[tuple, list] = {}  # arrays equal to 9 places: [norm, array, ids], compared once
    for mutant, ns in zip(bank.mutants, bank.namespaces):
        if mutant.id in named or mutant.stage == "training":
            continue
        for a in traced_values(bank, ns, function, inputs):
            if np.all(np.isfinite(a)):
                g = groups.setdefault(_key(a), [float(np.linalg.norm(a)), a, set()])
                g[2].add(mutant.id)
    reps = sorted(groups.values(), key=lambda g: g[0])
    norms = [g[0] for g in reps]
    out = []
    for na, a, own in reps:
        lo = bisect.bisect_left(norms, na * (1 - tol) / (1 + tol) - 1e-300)
        hi = bisect.bisect_right(norms, na * (1 + tol) / (1 - tol) + 1e-300)
        ids = set(own)  # and the ids of arrays within the tolerance whose rounding fell the other way
        for _, b, theirs in reps[lo:hi]:
            if not theirs <= ids and b.shape == a.shape and _close(a, b, tol):
                ids |= theirs
        if len(ids) >= 3:  # each array's own mutant and two others
            out.append(a)
    return out


# --------------------------------------------------------------------------- comparing arrays


def _close(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    return block_distance(a, b) <= tol


def _pairs(a: np.ndarray, b: np.ndarray):
    """``a`` flattened, and the parts of ``b`` it may stand for as the rows of a matrix: ``b`` as it is,
    transposed or reshaped (same size), or each slice of ``b`` along an axis (a row of a batch, a time step
    of a sequence: what a per-sample or per-step loop holds)."""
    if a.size == b.size:
        rows = [b.ravel()]
        if b.ndim == 2 and a.ndim == 2 and a.shape == b.shape[::-1] and a.shape != b.shape:
            rows.append(b.T.ravel())
        elif b.ndim == 2 and a.shape == b.shape and b.shape[0] == b.shape[1]:
            rows.append(b.T.ravel())
        yield a.ravel(), np.stack(rows)
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
        yield flat, moved.reshape(b.shape[axis], -1)
    if b.ndim >= 3 and a.ndim == 1 and b.shape[-1] == a.size:  # one step of one sample: ``P[n, t]``
        yield a, b.reshape(-1, a.size)


def _close_rows(x: np.ndarray, rows: np.ndarray, tol: float) -> bool:
    """Some row is ``x`` within ``tol`` (``block_distance``, for all rows at once when all is finite)."""
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(rows))):
        return any(_close(x, r, tol) for r in rows)
    nx = float(np.linalg.norm(x))
    denom = nx + np.linalg.norm(rows, axis=1)
    diff = np.linalg.norm(rows - x, axis=1)
    return bool(np.any(np.where(denom == 0.0, 0.0, diff / np.where(denom == 0.0, 1.0, denom)) <= tol))


def related(a: np.ndarray, b: np.ndarray, tol: float, how: str = "equal") -> bool:
    """``a`` is ``b`` (see ``_pairs``): ``equal``; ``signed``: or ``-b``; ``positive``: or ``c b`` with c > 0;
    ``scaled``: ``c b`` with any c != 0 (the structure of ``b``, whatever factor); ``carried``: ``c b`` with c a
    whole number or one over it (what a student carries to a later line; not any factor: a vector along
    one column of a weight matrix is not that column); ``carried+``: that, with c > 0."""
    for x, rows in _pairs(a, b):
        if how in ("equal", "signed"):
            if _close_rows(x, rows, tol) or (how == "signed" and _close_rows(x, -rows, tol)):
                return True
            continue
        if not np.all(np.isfinite(x)):
            continue
        for y in rows:
            yy = float(y @ y)
            if yy == 0.0:
                continue
            c = float(x @ y) / yy
            if c == 0.0 or (how in ("positive", "carried+") and c < 0) or \
                    (how in ("carried", "carried+") and not _carried(c)):
                continue
            if _close(x, c * y, tol):
                return True
    return False


def _carried(c: float) -> bool:
    """A factor a student may carry to a later line: a whole number or one over it (2, N, 1/N, -1, T)."""
    for x in (abs(c), 1.0 / abs(c)):
        if 0.5 < x < 1e6 and abs(x - round(x)) <= 1e-6 * x:
            return True
    return False


def informative(a: np.ndarray) -> bool:
    """An array whose values can tell code apart: finite, not constant (zeros from ``np.zeros_like``)."""
    return bool(np.all(np.isfinite(a))) and float(np.ptp(a)) > 1e-12 * (float(np.max(np.abs(a))) + 1e-300)


def _one_of(a: np.ndarray, pool: list[np.ndarray], tol: float, how: str = "equal") -> bool:
    if a.size == 1 and np.all(np.isfinite(a)):
        x = float(a.ravel()[0])
        if x.is_integer():
            return True  # a count or an index (N, t, the batch size): right as an input, never a line
        # a number: one entry of an array in the pool (a per-sample loop's residual ``r = X[n] @ w + b - y[n]``)
        return any(bool(np.any(np.abs(b - x) <= tol * (abs(x) + np.abs(b)))) for b in pool
                   if b.size and np.all(np.isfinite(b)))
    if how in ("equal", "signed") and np.all(np.isfinite(a)):
        # |a| and |b| further apart than the tolerance allows: no layout of b of a's size is a (|a - b| >= ||a| - |b||)
        na = float(np.sqrt(np.vdot(a, a)))
        return any(related(a, b, tol, how) for b in pool
                   if b.size != a.size or not np.all(np.isfinite(b)) or
                   abs(na - (nb := float(np.sqrt(np.vdot(b, b))))) <= tol * (na + nb))
    return any(related(a, b, tol, how) for b in pool)


#: a line is pointed at only when its value is this many tolerances away from every right array: a value at
#: the edge of the tolerance is right on one run and not on the next (the last bits of a product vary
#: with memory alignment), and the same file must point at the same line every time
MARGIN = 10.0

#: how a record may stand for a mistake's array: a factor is the mistake for gradient-scale (exact values
#: only); the sign is for gradient-sign (any positive factor); for the rest, the structure (any factor)
HOW = {"gradient-scale": "equal", "gradient-sign": "positive"}
#: how an input of the line must stand for one of the answer's arrays, per ``HOW``
INPUT_HOW = {"scaled": "carried", "positive": "carried+"}


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
                    unpointable: frozenset[int] = frozenset(), cleared: list[np.ndarray] = (),
                    returns_of: dict[int, str] | None = None) -> tuple[tuple, str, str] | None:
    """The first student record that stands for one of a mistake's arrays and for none of the answer's, made
    by a statement whose inputs are all right: ``(record, mistake id, label)``.

    ``wrong`` is ``[(id, label, arrays)]``; records are ``(line, name, first, last, times)``. How a
    value stands for an array depends on the id (``HOW``); an input is right when it stands for one of the
    answer's arrays in the same way: up to a factor (a student may carry the mean's 1/N to a later line),
    but not when the factor is the mistake (``gradient-scale``), nor the sign for ``gradient-sign``, or a
    line after the mistake would look like it. Two passes: the
    first time every statement ran (in a loop, the first iteration, whose inputs no earlier iteration has
    spoiled), then the last time (a per-sample loop that overwrites keeps its last sample). ``reads``
    maps a statement's line to the names it reads (its own targets excluded: ``x += e``); a name with no
    record (a number, a dict of settings) does not count. Lines in ``unpointable`` are never pointed at, nor
    a value among ``cleared`` (what the answer computes without naming it) that the next statement reading it
    (for a ``return``: calling its function, ``returns_of``) turns into a right value. In the first pass a name a loop
    assigned is right for a statement that ran once only if its last value is right too: after the loop, that
    statement reads the last."""
    for which in (2, 3):
        for mid, label, arrays in wrong:
            how = HOW.get(mid, "scaled")
            given = INPUT_HOW.get(how, how)  # how an input must stand for one of the answer's arrays to be right
            status: dict[str, bool] = {}  # name -> its value at this point is right (up to a factor)
            late: dict[str, bool] = {}  # name -> its last value is right too (what a statement after a loop reads)

            def good(v: np.ndarray, arrays: list = arrays, how: str = how, given: str = given) -> bool:
                """An input that is right: one of the answer's arrays, or a value it computes without naming
                (``Z`` inside ``relu(X @ W + b)``) that is none of the mistake's."""
                return _one_of(v, right, tol, given) or \
                    (_one_of(v, cleared, tol) and not _one_of(v, arrays, tol, how))

            if which == 3:
                for rec in student:
                    _note(status, rec[1], good(rec[3]))
            for i, rec in enumerate(student):
                line, name, value = rec[0], rec[1], rec[which]
                if line not in unpointable and (informative(value) or _number(value)) and \
                        _one_of(value, arrays, tol, how) and \
                        not _one_of(value, right, MARGIN * tol, how) and \
                        all(status.get(n, True) and (which == 3 or rec[4] > 1 or late.get(n, True))
                            for n in (reads or {}).get(line, ())) and \
                        not (_one_of(value, cleared, MARGIN * tol) and
                             _used_rightly(student, i, which, right, tol, how, reads, returns_of)):
                    return rec, mid, label
                if which == 2:
                    _note(status, name, good(value))
                    _note(late, name, rec[4] == 1 or good(rec[3]))
    return None


def block_origin(student: list[tuple], blocks: list[np.ndarray], right: list[np.ndarray], tol: float,
                 reads: dict[int, frozenset[str]] | None, unpointable: frozenset[int],
                 given: str = "carried", layout: bool = False,
                 selecting: frozenset[int] = frozenset()) -> tuple | None:
    """The first student record whose final value is one of the wrong gradient ``blocks`` exactly as returned,
    made by a statement whose inputs are all right (their final values): where the wrong block is made from
    right values (``db = dZ[0]``, ``grad_w = 2 * X.T @ r``). A value that is also one of the answer's arrays
    in another role (a row of ``dZ``) counts only where a statement of ``selecting`` (one that picks or stores
    a value without computing: ``db = dZ[-1]``, ``grads["b"] = delta``) makes it, once: computing a right value
    (``delta /= N`` in a per-sample loop) is never the mistake, nor a per-sample loop's pick of its row
    (``d_row = delta[n:n + 1]``) whose last value is used after the loop. Used when no mutant's intermediate array
    points. For a mistake of ``layout``, not when the student's own values are the answer's transposed (they
    work column-major)."""
    if layout and any(_transposed_only(rec[3], right, tol) for rec in student):
        return None  # the student works transposed (column-major): a wrong layout may come from any conversion
    status: dict[str, bool] = {}  # name -> its final value, as made before this statement, is right
    for rec in student:
        line, value = rec[0], rec[3]
        if line not in unpointable and (informative(value) or _number(value)) and \
                any(_same_layout(value, b) and _close(value.ravel(), b.ravel(), tol) for b in blocks) and \
                all(status.get(n, True) for n in (reads or {}).get(line, ())) and \
                (line in selecting and rec[4] == 1 or not _right_in_place(value, right, tol)):
            return rec
        _note(status, rec[1], _one_of(value, right, tol, given))
    return None


def _right_in_place(a: np.ndarray, right: list[np.ndarray], tol: float) -> bool:
    """``a`` is one of ``right`` as it is laid out, or one slice of one (a row, a time step): not merely one
    transposed, which is a layout mistake's own value."""
    return any((_same_layout(a, b) and _close(a.ravel(), b.ravel(), tol)) or
               (a.size != b.size and related(a, b, tol, "equal")) for b in right)


def _number(a: np.ndarray) -> bool:
    """A single finite number that is not a whole one (a bias gradient ``2 * r.sum()``, not a count)."""
    return a.size == 1 and bool(np.all(np.isfinite(a))) and not float(a.ravel()[0]).is_integer()


def _transposed_only(a: np.ndarray, pool: list[np.ndarray], tol: float) -> bool:
    """``a`` is one of ``pool`` transposed, and not as it is (a non-square matrix the other way round)."""
    return a.ndim == 2 and a.shape[0] != a.shape[1] and informative(a) and any(
        b.shape == a.shape[::-1] and _close(a, b.T, tol) for b in pool if b.ndim == 2)


def _same_layout(a: np.ndarray, b: np.ndarray) -> bool:
    """The same shape, but for axes of length one (``(n,)`` and ``(n, 1)``): not a transpose, not a reshape."""
    return tuple(n for n in a.shape if n != 1) == tuple(n for n in b.shape if n != 1)


def _used_rightly(student: list[tuple], i: int, which: int, right: list[np.ndarray], tol: float, how: str,
                  reads: dict[int, frozenset[str]] | None, returns_of: dict[int, str] | None = None,
                  unread: bool = True) -> bool:
    """The value of record ``i`` (one the answer computes without naming it) goes on to a right value: the
    next statement that reads it gives one of the answer's arrays (or none reads it; a statement that only keeps
    it in a list, ``preacts.append(Z)``, is passed over). ``Z = X @ W + b`` before ``A = relu(Z)`` is right;
    ``dZ = P - Y`` before ``dW = A.T @ dZ`` is the lost ``/ N`` when ``dW`` is wrong.
    ``unread``: the answer when no statement reads it (for a return, the caller's statement)."""
    line, base, mine = student[i][0], student[i][1].split("[")[0], student[i][which]
    if base == "return":  # a helper's result: read where the helper is called
        base = (returns_of or {}).get(line, "")
    for rec in student[i + 1:]:
        if rec[0] != line and base in (reads or {}).get(rec[0], ()):
            kept = rec[which]
            if ("[" in rec[1] or rec[1] == base) and isinstance(kept, np.ndarray) and isinstance(mine, np.ndarray) and \
                    kept.shape == mine.shape and np.array_equal(kept, mine):
                continue  # ``preacts.append(Z)``: kept in a list as it is; the statement that computes with it is
            return _one_of(rec[which], right, tol, how)
    return unread


def _note(status: dict[str, bool], name: str, ok: bool) -> None:
    """``x`` is right when it is; ``x['W1']`` (one item of a container) leaves ``x`` right only if all are."""
    base = name.split("[")[0]
    status[base] = (ok and status.get(base, True)) if name != base else ok


def statement_reads(text: str) -> tuple[dict[int, frozenset[str]], frozenset[int], frozenset[int],
                                         dict[int, frozenset[str]]]:
    """Per statement's first line: the names it reads (for ``x += e``, minus x); the ``def`` lines; the lines
    that only pass a value on (a name, an item, or a container of them: no arithmetic); the names of the
    functions each statement calls."""
    tree = _parsed(text)
    if tree is None:
        return {}, frozenset(), frozenset(), {}
    reads: dict[int, frozenset[str]] = {}
    calls: dict[int, frozenset[str]] = {}
    attributes = frozenset(f"{t.value.id}.{t.attr}" for t in ast.walk(tree)
                           if isinstance(t, ast.Attribute) and isinstance(t.ctx, ast.Store) and isinstance(t.value, ast.Name))
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
        loaded = _loaded(value, attributes)
        # ``x += e``: the old x is the statement's own accumulator, not an input; ``x = x / n`` reads x
        reads[node.lineno] = frozenset(loaded - targets) if isinstance(node, ast.AugAssign) else frozenset(loaded)
        calls[node.lineno] = frozenset(n.func.id for n in ast.walk(value)
                                       if isinstance(n, ast.Call) and isinstance(n.func, ast.Name))
        if not isinstance(node, ast.AugAssign) and _passes_on(value):
            passing.add(node.lineno)
    return reads, frozenset(defs), frozenset(passing), calls


def _loaded(value: ast.AST, attributes: frozenset[str] = frozenset()) -> set[str]:
    """The names an expression reads; ``self.D1`` as ``self.D1`` when the file assigns ``self.D1 = ...``
    (``attributes``: the tracer's name for that value), not ``self``, which has no record and would pass
    for right. ``A.T``, ``X.shape`` read ``A`` and ``X``."""
    dotted = {id(n.value): f"{n.value.id}.{n.attr}" for n in ast.walk(value)
              if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
              and f"{n.value.id}.{n.attr}" in attributes}
    return {dotted.get(id(n), n.id) for n in ast.walk(value) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _passes_on(value: ast.AST) -> bool:
    """An expression that computes nothing: a name, an item or attribute of one, a container of such."""
    if isinstance(value, (ast.Name, ast.Constant)):
        return True
    if isinstance(value, (ast.Subscript, ast.Attribute)):
        return _passes_on(value.value)
    if isinstance(value, (ast.Tuple, ast.List)):
        return all(_passes_on(v) for v in value.elts)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and \
            value.func.attr in ("append", "extend", "insert", "copy") and not value.keywords:
        return _passes_on(value.func.value) and all(_passes_on(a) for a in value.args)
    if isinstance(value, ast.Dict):
        return all(v is not None and _passes_on(v) for v in value.values)
    return False


def judge_helpers(student: list[tuple], text: str, ref: Any, tol: float,
                  entry: frozenset[str]) -> dict[str, tuple[str, int, int]]:
    """The student's module-level helper functions (not the traced ``entry`` ones), judged where they last
    ran: ``{name: (verdict, first line, last line)}``, verdict ``right`` (its recorded arguments give the
    value of the answer's function of that name, of another of its functions, or of a standard
    activation or derivative), ``wrong`` (the answer has a function of that name, which gives another
    value), or ``unknown``. The answer's function of the same name decides when there is one; a helper named
    for a derivative is never right by matching another function. Inside a right helper no line is a
    mistake (the call is, when it is called on the wrong thing); inside an unknown one, and on the lines
    that call it, the grader cannot tell."""
    tree = _parsed(text)
    if tree is None:
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
            meant = _meant_derivative(node.name) if len(names) == 1 else None
            if same_name:  # the answer's function of that name decides (sigmoid_derivative = sigmoid is wrong)
                gave = [_gives(f, args, returns[0], tol) for f in same_name]
                verdict = "right" if True in gave else "wrong" if False in gave else "unknown"
            elif meant is not None:  # tanh_derivative: tanh' of its argument, or written with tanh's output
                verdict = "right" if any(_gives(f, args, returns[0], tol) for f in meant) else "wrong"
            elif any(_gives(f, args, returns[0], tol) for f in others) and not _derivative_name(node.name):
                verdict = "right"
        out[node.name] = (verdict, node.lineno, end)
    return out


#: A standard activation's derivative in its two usual forms: of the pre-activation ``z`` (``1 - tanh(z)**2``)
#: and of the activation's output ``a`` (``1 - a**2``); either is a right helper, the caller decides which
DERIVATIVES = {
    "tanh": (lambda z: 1.0 - np.tanh(z) ** 2, lambda a: 1.0 - a ** 2),
    "sigmoid": (lambda z: logistic(z) * (1.0 - logistic(z)), lambda a: a * (1.0 - a)),
    "relu": (lambda z: (z > 0).astype(float), lambda a: (a > 0).astype(float)),
}
_ACTIVATION_WORDS = {"tanh": "tanh", "sigmoid": "sigmoid", "logistic": "sigmoid", "sigm": "sigmoid",
                     "relu": "relu"}
_OTHER_ACTIVATIONS = ("leaky", "gelu", "selu", "silu", "soft", "hard", "swish", "mish")  #: relu- or tanh-like names


def _meant_derivative(name: str) -> tuple | None:
    """What a helper named for one standard activation's derivative (``tanh_derivative``, ``dsigmoid``,
    ``relu_prime``) must give, in either form; None when the name says no single one (``leaky_relu_grad``)."""
    low = name.lower()
    words = [w for w in re.split(r"[^a-z]+", low) if w]
    if not _derivative_name(name) or any(w.startswith(_OTHER_ACTIVATIONS) or w in ("elu", "prelu") for w in words):
        return None
    found = {act for word, act in _ACTIVATION_WORDS.items() if word in low}
    return DERIVATIVES[found.pop()] if len(found) == 1 else None


def _derivative_name(name: str) -> bool:
    """A helper named for a derivative (``relu_prime``, ``dsigmoid``, ``tanh_grad``): that it gives some
    standard function's value does not make it right (relu' written as relu gives relu's values)."""
    low = name.lower()
    return any(w in low for w in ("deriv", "prime", "grad", "slope", "backward", "back")) or low.startswith("d")


def _gives(fn: Any, args: list[np.ndarray], value: np.ndarray, tol: float) -> bool | None:
    """``fn`` of the traced arguments gives ``value``; None when it takes them in no form. The trace keeps
    every argument as floats, so labels and counts are tried again as integers (``np.eye(K)[y]``), and a
    one-element array as a number."""
    ran = False
    for form in _argument_forms(args):
        try:
            with np.errstate(all="ignore"):
                want = np.asarray(fn(*form), dtype=float)
        except Exception:  # noqa: BLE001 - the function does not take these: try the next form
            continue
        ran = True
        if want.shape == value.shape and _close(value, want, tol):
            return True
    return False if ran else None


def _argument_forms(args: list[np.ndarray]) -> list[list]:
    """The traced arguments as recorded, with whole numbers as integers, and with one-element arrays as
    numbers too."""
    def whole(a: np.ndarray) -> bool:
        return a.dtype.kind == "f" and bool(np.all(np.isfinite(a))) and bool(np.all(a == np.round(a)))

    ints = [a.astype(np.int64) if whole(a) else a for a in args]
    numbers = [a.reshape(()).item() if a.size == 1 else a for a in ints]
    forms = [[a.copy() for a in args]]
    if any(x is not y for x, y in zip(ints, args)):
        forms.append([a.copy() for a in ints])
    if any(not isinstance(x, np.ndarray) for x in numbers):
        forms.append([a.copy() if isinstance(a, np.ndarray) else a for a in numbers])
    return forms


def _softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


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
    that ran it, its last from the last one, its span over all."""
    out: dict[tuple[int, str], list] = {}
    for trace in traces:
        for line, name, first, last, times, span in trace:
            entry = out.get((line, name))
            if entry is None:
                out[(line, name)] = [line, name, first, last, times, span]
            else:
                entry[3], entry[4], entry[5] = last, entry[4] + times, joined_span(entry[5], span)
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
    elif isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_, complex)) and \
            np.isrealobj(value):
        yield np.asarray(value, dtype=float)  # ``return dw, float(db)``: the bias gradient is a number


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
    cleared = subexpressions(bank, function, ev["inputs"])
    # the answer's arrays, those two other mistakes share, and what the grader passed (``b`` = 0.37 is right)
    right = traced_values(bank, bank.reference, function, ev["inputs"]) + \
        shared_values(bank, function, ev["inputs"], {m.id for m, _, _ in mutants}, tol) + \
        [a for c in calls for a in _arrays([list(c.args), dict(c.kwargs)])]
    right_blocks = [np.asarray(got[k], dtype=float) for k in ref
                    if k in got and block_distance(got[k], ref[k]) <= tol]
    wrong = []
    for mutant, ns, changed in mutants:
        arrays = [a for a in traced_values(bank, ns, function, ev["inputs"])
                  if informative(a) and not _one_of(a, right, tol) and not _one_of(a, right_blocks, tol)]
        wrong.append((mutant.id, mutant.name, arrays))
    reads, defs, passing, calling = statement_reads(source.text)
    unknown = {n for n, (v, _, _) in helpers.items() if v == "unknown"} | _lambdas(source.text)
    # never pointed at: ``def`` lines (arguments), lines that only pass a value on (``return grads``,
    # ``out = dW``); inside an unknown helper and where one is called, the grader cannot tell which side is
    # wrong. A traced function's return that computes (``return dout * mask``) is a line like any other
    # a helper that gives another value than the answer's function of its name is the place, not its callers
    wrong_helpers = {n for n, (v, _, _) in helpers.items() if v == "wrong"}
    blind = {line for line, called in calling.items() if called & (unknown | wrong_helpers)}
    blind |= _method_call_sites(source.text)  # a class's method is judged inside it, never where it is called
    blind |= _after_bare_calls(source.text, reads)  # ``helper(a2, d2)`` may change d2 where no record shows it
    blind |= {line for v, a, b in helpers.values() if v == "unknown" for line in range(a, b + 1)}
    lines = source.text.splitlines()
    pointed: list[Pointed] = []
    headers = _loop_headers(source.text)
    for mid in dict.fromkeys(m[0] for m in wrong):
        # a ``for`` header only hands on what it iterates over (``for delta, a in ((d1, X), ...)``): never the
        # place of a value, only of a choice (``SELECTION``, found from the line that used it)
        found = first_departure(student, right, [w for w in wrong if w[0] == mid], tol, reads,
                                defs | passing | frozenset(blind) | (frozenset() if mid in SELECTION else headers),
                                cleared, _returns_of(source.text))
        if found is None and mid in HELPER_MISTAKES:
            rec = _wrong_helper_return(source.text, helpers, student)
            if rec is not None and any(isinstance(v, np.ndarray) and informative(v) and
                                       (_one_of(v, right, tol) or _one_of(v, cleared, tol)) for v in rec[2:4]):
                rec = None  # it gives what the answer computes (``1 - h2`` of ``h2 = h * h``): right, for its argument
            if rec is not None:
                found = (rec, mid, next(m.name for m, _, _ in mutants if m.id == mid))
        if found is None:
            blocks = [np.asarray(got[k], dtype=float) for m, _, changed in mutants if m.id == mid
                      for k in changed]
            rec = block_origin(student, blocks, right, tol, reads, defs | frozenset(blind) | _copies(source.text),
                               INPUT_HOW.get(HOW.get(mid, "scaled"), HOW.get(mid, "scaled")), mid in LAYOUT,
                               passing)
            if rec is None:
                continue
            found = (rec, mid, next(m.name for m, _, _ in mutants if m.id == mid))
        rec, mistake, label = found
        line = rec[0]
        if mistake not in SELECTION:  # one entry of a dict written over several lines
            line = _entry_line(source.text, line, rec[1])
        if mistake in SELECTION:
            line = _selection_line(source.text, line, reads.get(line, frozenset()))
            if line is None:
                continue
        code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        if not any(p.line == line and p.mistake == mistake for p in pointed):
            pointed.append(Pointed(line, source.where(line), code[:160], mistake, label))
    return pointed


#: Mistakes a helper named for what it computes can hold: when its values do not show where (``relu'`` as
#: ``max(a, 0)`` called on ReLU's output gives that output back, one of the answer's arrays), the helper does
HELPER_MISTAKES = frozenset({"wrong-activation-derivative"})


def _wrong_helper_return(text: str, helpers: dict[str, tuple[str, int, int]], student: list[tuple]) -> tuple | None:
    """The return record of the one helper named for a derivative that gives another value than that
    derivative (``judge_helpers``' verdict ``wrong``), when its body is that one ``return``: a longer body
    could go wrong on any of its lines."""
    tree = _parsed(text)
    if tree is None:
        return None
    wrong = [node for node in tree.body if isinstance(node, ast.FunctionDef) and _derivative_name(node.name)
             and helpers.get(node.name, ("",))[0] == "wrong"]
    if len(wrong) != 1:
        return None
    body = [st for st in wrong[0].body
            if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant))]  # its docstring
    if len(body) != 1 or not isinstance(body[0], ast.Return):
        return None
    return next((rec for rec in student if rec[0] == body[0].lineno and rec[1] == "return"), None)


def _after_bare_calls(text: str, reads: dict[int, frozenset[str]]) -> set[int]:
    """Lines that read a name after it was handed to a call of the student's own whose result is dropped
    (``sigmoid_backward_inplace(a2, d2)``): that call may have changed it in place, which no record shows,
    so what the later line reads is not known to be right."""
    tree = _parsed(text)
    if tree is None:
        return set()
    own = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)} | _lambdas(text)
    out: set[int] = set()
    for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        for st in ast.walk(fn):
            if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Call)):
                continue
            call = st.value
            mine = (isinstance(call.func, ast.Name) and call.func.id in own) or \
                (isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
                 and call.func.value.id == "self")
            if not mine:
                continue
            handed = {a.id for a in list(call.args) + [k.value for k in call.keywords] if isinstance(a, ast.Name)}
            end = fn.end_lineno or fn.lineno
            out |= {line for line, names in reads.items() if st.lineno < line <= end and names & handed}
    return out


def _lambdas(text: str) -> set[str]:
    """Module-level names bound to a ``lambda`` (``tanh_prime = lambda h: 1 - h``): helpers the grader does not
    judge, so the lines calling them are not pointed at (a right call of a wrong helper would look wrong)."""
    tree = _parsed(text)
    if tree is None:
        return set()
    return {t.id for node in tree.body if isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda)
            for t in node.targets if isinstance(t, ast.Name)}


def _loop_headers(text: str) -> frozenset[int]:
    """The lines of ``for`` headers."""
    tree = _parsed(text)
    return frozenset() if tree is None else frozenset(n.lineno for n in ast.walk(tree) if isinstance(n, ast.For))


def _selection_line(text: str, line: int, names: frozenset[str]) -> int | None:
    """Where an input of ``line`` was picked from several arrays, if it was: the nearest earlier assignment in
    the same function of one of ``names`` from an item chosen by a variable (``A_prev = A[l]``), or a ``for``
    over a written list of arrays (``for delta, a in ((d1, X), (d2, X))``). ``line`` itself when nothing
    was picked (``a0.T @ delta``: the line names the wrong array); None when two places could have chosen
    it (inputs picked on two lines, an input picked and an item picked on the line itself, an input that
    is another array under a new name), and for a total added up in a ``range`` loop from inputs picked
    nowhere (the steps the loop runs may be what is wrong)."""
    tree = _parsed(text)
    if tree is None:
        return None
    scope = None
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.lineno <= line <= (node.end_lineno or node.lineno):
            if scope is None or node.lineno > scope.lineno:
                scope = node
    if scope is None:
        return line
    stmt = next((n for n in ast.walk(scope) if isinstance(n, ast.stmt) and n.lineno == line), None)
    if stmt is None:
        return None
    # the line picks an item itself (ins[0], hs[t + 1]): it is the place, unless an input was picked too
    picks_here = any(isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load) for n in ast.walk(
        stmt.value if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.Return)) and stmt.value is not None else stmt))
    found: dict[str, int] = {}
    aliased = False
    for node in ast.walk(scope):
        if getattr(node, "lineno", line) >= line:
            continue
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Subscript) and \
                any(isinstance(n, ast.Name) for n in ast.walk(node.value.slice)):
            targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.For) and isinstance(node.iter, (ast.Tuple, ast.List)):
            targets = [n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)]
        else:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and \
                    any(isinstance(t, ast.Name) and t.id in names for t in node.targets):
                aliased = True  # prev = hid_1: the array was chosen by name on another line
            continue
        for name in targets:
            if name in names:
                found[name] = max(found.get(name, 0), node.lineno)
    lines = set(found.values())
    if aliased or (lines and picks_here) or len(lines) > 1:
        return None  # two places could have chosen the array: the grader does not guess
    if not lines and not picks_here and isinstance(stmt, ast.AugAssign) and _in_range_loop(scope, stmt):
        return None  # a total (``dby += dz.sum(0)``) is what the loop's range decides: not this line
    return lines.pop() if lines else line


def _in_range_loop(scope: ast.AST, stmt: ast.stmt) -> bool:
    """``stmt`` runs inside a ``for`` over a ``range(...)`` (or ``reversed(range(...))``) of ``scope``."""
    def ranged(node: ast.AST) -> bool:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            return False
        return node.func.id == "range" or node.func.id == "reversed" and len(node.args) == 1 and ranged(node.args[0])

    return any(isinstance(loop, ast.For) and ranged(loop.iter) and any(n is stmt for n in ast.walk(loop))
               for loop in ast.walk(scope))


def _copies(text: str) -> frozenset[int]:
    """Lines that only copy a name on (``grads["W1"] = dW``, ``out = self.dW``, ``return dW``): no item picked."""
    tree = _parsed(text)
    if tree is None:
        return frozenset()

    def plain(v: ast.AST) -> bool:
        if isinstance(v, (ast.Tuple, ast.List)):
            return all(plain(e) for e in v.elts)
        if isinstance(v, ast.Dict):
            return all(e is not None and plain(e) for e in v.values)
        return isinstance(v, (ast.Name, ast.Constant)) or (isinstance(v, ast.Attribute) and plain(v.value))

    return frozenset(n.lineno for n in ast.walk(tree)
                     if isinstance(n, (ast.Assign, ast.AnnAssign, ast.Return)) and n.value is not None
                     and plain(n.value))


def _method_call_sites(text: str) -> frozenset[int]:
    """Statements that call a method of one of the file's own classes (``self.acts[i].backward(dh)``): the
    method's lines are where its mistake is; its caller may only pass the wrong value on."""
    tree = _parsed(text)
    if tree is None:
        return frozenset()
    methods = {f.name for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for f in c.body
               if isinstance(f, ast.FunctionDef)}
    return frozenset(node.lineno for node in ast.walk(tree) if isinstance(node, ast.stmt)
                     and not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.If, ast.With))
                     and any(isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr in methods
                             for c in ast.walk(node)))


def _returns_of(text: str) -> dict[int, str]:
    """The line of each ``return`` of a module-level function: that function's name."""
    tree = _parsed(text)
    if tree is None:
        return {}
    return {n.lineno: node.name for node in tree.body if isinstance(node, ast.FunctionDef)
            for n in ast.walk(node) if isinstance(n, ast.Return)}


def _own_nodes(fn: ast.AST):
    """The nodes of a function's own body: not those of a function (or lambda, or class) defined inside it."""
    for child in ast.iter_child_nodes(fn):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        yield child
        yield from _own_nodes(child)


def _top_returns(text: str, functions: list[str]) -> frozenset[int]:
    """The ``return`` lines of the module's functions named ``functions``: their own, not a nested helper's
    (a softmax defined inside the forward returns its own value)."""
    tree = _parsed(text)
    if tree is None:
        return frozenset()
    out = set()
    for node in tree.body:  # the module's functions: a class's method of the same name is another function
        if isinstance(node, ast.FunctionDef) and node.name in functions:
            out |= {n.lineno for n in _own_nodes(node) if isinstance(n, ast.Return)}
    return frozenset(out)


def excerpt(source, line: int, around: int = 1) -> list[dict]:
    """The pointed line with ``around`` lines either side, as the student wrote them (for the reports):
    ``[{"line": 42, "where": "line 42", "text": "...", "pointed": True}, ...]``."""
    lines = source.text.splitlines()
    return [{"line": n, "where": source.where(n), "text": lines[n - 1][:160], "pointed": n == line}
            for n in range(max(1, line - around), min(len(lines), line + around) + 1)]


def _plain_label(label: str) -> str:
    """A mutant's name without the answer's line number it starts with (not a line of the student's)."""
    return re.sub(r"^line [0-9]+: ", "", label)


def _static(source, lines: list[str], line: int, mistake: str, label: str) -> Pointed:
    """A line found from the file's structure (no values compared): ``lines`` is the source's text, split."""
    return Pointed(line, source.where(line), lines[line - 1].strip()[:160], mistake, label, static=True)


def _attach(result, pointed: list[Pointed], source) -> None:
    """Put the lines found on a check's result: its ``details["lines"]``, and a sentence on its message (in
    place of the one saying no line could be found)."""
    details = result.details if isinstance(result.details, dict) else {}
    details["lines"] = [_entry(p, source) for p in pointed]
    result.details = details
    result.message = result.message.replace(_NO_LINE, "") + "; " + describe(pointed)


def _replayed(failures: list, ctx, mistake: str, last: bool = False, wanted=lambda result: True):
    """The failed checks that named ``mistake``, have no line yet and pass ``wanted``, each with the calls it
    kept for pointing replayed traced (``last``: else the calls it made last): ``(result, calls, results)``."""
    for _, fail, result in failures:
        details = result.details if isinstance(result.details, dict) else {}
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        calls = list(ev.get("calls") or (ev.get("last_calls") if last else None) or [])
        if mistake not in result.mistakes or details.get("lines") or not calls or not wanted(result):
            continue
        results = _replay(ctx, calls)
        if results is not None:
            yield result, calls, results


def _replay(ctx, calls: list) -> list | None:
    """A check's calls again, each traced (the objects they keep dropped after), or None when one of them
    does not return."""
    results = ctx.student.batch([replace(c, trace=True) for c in calls], drop=[c.keep for c in calls if c.keep])
    if len(results) != len(calls) or not all(isinstance(r, Returned) for r in results):
        return None
    return results


def _entry(p: Pointed, source) -> dict:
    return {"line": p.line, "where": p.where, "code": p.code, "mistake": p.mistake, "label": _plain_label(p.label),
            "excerpt": excerpt(source, p.line)}


def point_raises(results: list, source) -> None:
    """A function that still raises ``NotImplementedError``: the line that raises it, which the check knows."""
    lines = source.text.splitlines()
    for result in results:
        if result.passed or "not-implemented" not in result.mistakes or not result.line or \
                not 0 < result.line <= len(lines):
            continue
        details = result.details if isinstance(result.details, dict) else {}
        if "lines" in details:
            continue
        p = Pointed(result.line, source.where(result.line), lines[result.line - 1].strip()[:160],
                    "not-implemented", "still raises NotImplementedError")
        details["lines"] = [_entry(p, source)]
        result.details = details


#: methods that change an array in place
IN_PLACE = frozenset({"fill", "sort", "resize", "put", "itemset", "setfield", "partition", "update", "clear",
                      "append", "extend", "pop", "setdefault"})


def _base_name(node: ast.AST) -> str | None:
    """The name an item or attribute belongs to (``p`` of ``p[k]``, ``self.w``), or None."""
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def mutation_line(text: str, function: str) -> int | None:
    """The first statement of ``function`` (a module-level function) that changes one of its arguments in
    place: an augmented or item assignment, or an in-place method, on an argument or on a name that still
    refers to (part of) one (``w = w0``, ``dy = ps[t]``, ``for p, g in zip(params, grads)``). None when there
    is none in the function's own body (it may happen in a helper it calls: the grader does not guess)."""
    tree = _parsed(text)
    if tree is None:
        return None
    fn = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function), None)
    if fn is None:
        return None
    alias = {a.arg: True for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs}

    def refers(value: ast.AST) -> bool:  # the value is (part of) an argument, not a new array
        if isinstance(value, ast.IfExp):  # w = w0 if w0 is not None else np.zeros(d): may be w0
            return refers(value.body) or refers(value.orelse)
        if isinstance(value, (ast.Name, ast.Subscript)):
            return alias.get(_base_name(value) or "", False)
        return False

    # under an ``if`` a new value may not replace the argument (``if w0 is None: w0 = np.zeros(...)``)
    maybe = {id(n) for branch in ast.walk(fn) if isinstance(branch, (ast.If, ast.Try)) for n in ast.walk(branch)
             if n is not branch}

    def bind(target: ast.AST, value: ast.AST | None, refers_to: bool) -> None:
        if isinstance(target, ast.Name):
            alias[target.id] = refers_to or (id(target) in maybe and alias.get(target.id, False))
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) and \
                len(value.elts) == len(target.elts) else [None] * len(target.elts)
            for t, v in zip(target.elts, values):
                bind(t, v, refers(v) if v is not None else refers_to)

    # a name picked out of an argument (e = y[i]): changing it in place changes the argument only if the pick
    # is a view of an array (dy = ps[t]), not if it is a number: such a line counts only when no other does
    part: set[str] = set()
    found: list[tuple[int, bool]] = []

    def hit(node: ast.AST, target: ast.AST) -> None:
        found.append((node.lineno, isinstance(target, ast.Name) and target.id in part))

    nodes = sorted((n for n in ast.walk(fn) if isinstance(n, (ast.Assign, ast.AugAssign, ast.For, ast.Expr))
                    and n is not fn), key=lambda n: (n.lineno, n.col_offset))
    for node in nodes:
        if isinstance(node, ast.AugAssign) and alias.get(_base_name(node.target) or "", False):
            hit(node, node.target)
        elif isinstance(node, ast.Assign):
            picked = [t for t in node.targets
                      if isinstance(t, ast.Subscript) and alias.get(_base_name(t) or "", False)]
            if picked:
                hit(node, picked[0])
                continue
            for t in node.targets:
                bind(t, node.value, refers(node.value))
                if isinstance(t, ast.Name):
                    (part.add if isinstance(node.value, ast.Subscript) and refers(node.value) else part.discard)(t.id)
        elif isinstance(node, ast.For):
            it = node.iter
            if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "zip" and \
                    isinstance(node.target, ast.Tuple) and len(node.target.elts) == len(it.args):
                for t, v in zip(node.target.elts, it.args):
                    bind(t, v, refers(v))
            elif isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and it.func.attr == "values":
                bind(node.target, None, refers(it.func.value))
            else:
                bind(node.target, None, isinstance(it, ast.Name) and alias.get(it.id, False) and
                     not isinstance(node.target, ast.Name) or False)
                if isinstance(node.target, ast.Name) and isinstance(it, ast.Name) and alias.get(it.id, False):
                    alias[node.target.id] = True  # the items of a list of arrays (a dict's keys are strings)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            if isinstance(call.func, ast.Attribute) and call.func.attr in IN_PLACE and \
                    alias.get(_base_name(call.func.value) or "", False):
                hit(node, call.func.value)
            else:
                outs = [k.value for k in call.keywords
                        if k.arg == "out" and alias.get(_base_name(k.value) or "", False)]
                if outs:
                    hit(node, outs[0])
    whole = [line for line, is_part in found if not is_part]
    return (whole or [line for line, _ in found] or [None])[0]


def overwrite_lines(text: str, function: str) -> list[int]:
    """The statements of ``function`` that overwrite what should accumulate (``=`` for ``+=``): an
    assignment inside a loop to a name (or an item of one: ``grads[k] = ...``) that was set before that loop,
    is read after it, and is not read anywhere inside it, so each pass throws the last one's value away.
    A value carried from one pass to the next (``dh_next``) is read inside the loop, and is not one. For a
    method (``Value.backward``: an autograd graph), the class's local backward closures that set an
    attribute ``x.grad = ...`` without reading ``x.grad``. Empty when the structure shows none: a
    submission's own style may hide it, and the grader does not guess."""
    tree = _parsed(text)
    if tree is None:
        return []
    if "." in function:
        cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == function.split(".")[0]), None)
        return sorted(_grad_overwrites(cls)) if cls is not None else []
    fn = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function), None)
    if fn is None:
        return []
    found: set[int] = set()
    counters = _counters(fn)
    returned = _returned(fn)
    for loop in (n for n in ast.walk(fn) if isinstance(n, (ast.For, ast.While))):
        if _runs_once(loop):
            continue
        start, end = loop.lineno, loop.end_lineno or loop.lineno
        varying = _varying(loop)
        for st in ast.walk(loop):
            if not (isinstance(st, ast.Assign) and len(st.targets) == 1):
                continue
            name = _stored_name(st.targets[0])
            data = _loaded(st.value) - counters - _BUILTINS  # what it is computed from, beyond loop counters
            if name is None or name not in returned or name in _loaded(st.value) or _read_within(loop, name) or \
                    _keys(st.targets[0]) & varying or not data or not _loaded(st.value) & varying:
                continue  # ``grads[l] = ...`` in ``for l in ...``: another item each pass; ``count = i + 1``;
                #           ``inv_n = 1 / N``: the same value every pass; ``last_err = e``: not a gradient
            # set to zero before the loop, as a sum starts (``last = None`` keeps a last value on purpose)
            item = isinstance(st.targets[0], ast.Subscript)
            before = any(_zero_like(v, item) for a in ast.walk(fn)
                         if isinstance(a, (ast.Assign, ast.AnnAssign)) and a.lineno < start and a.value is not None
                         for t in (a.targets if isinstance(a, ast.Assign) else [a.target])
                         for v in _bound_values(t, a.value, name))
            after = any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
                        and n.lineno > end for n in ast.walk(fn))
            if before and after:
                found.add(st.lineno)
    return sorted(found)


def overwritten_name(text: str, line: int) -> str | None:
    """What the assignment on ``line`` stores into, with its written key (``dW``, ``grads['b1']``)."""
    tree = _parsed(text)
    if tree is None:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and node.lineno == line and len(node.targets) == 1:
            return ast.unparse(node.targets[0])
    return None


def _keys(target: ast.AST) -> set[str]:
    """The names the item keys of a target read (``{l}`` for ``dW[l]``, ``grads["W" + str(l)]``)."""
    out: set[str] = set()
    while isinstance(target, ast.Subscript):
        out |= _loaded(target.slice)
        target = target.value
    return out


def _varying(loop: ast.AST) -> set[str]:
    """The names that take another value each pass of ``loop``: a ``for``'s targets and what is computed from
    them inside it (``key = f"W{l}"``); for a ``while``, every name it assigns (not an inner ``for``'s
    counter, which restarts each pass, unless its range is made from one of them)."""
    assigned = [(t, a.value) for a in ast.walk(loop) if isinstance(a, ast.Assign) for t in a.targets]
    assigned += [(a.target, a.value) for a in ast.walk(loop) if isinstance(a, (ast.AugAssign, ast.AnnAssign))
                 and a.value is not None]
    inner = [(f.target, f.iter) for f in ast.walk(loop) if isinstance(f, ast.For) and f is not loop]
    if isinstance(loop, ast.While):  # what the loop assigns (its counter); an inner ``for j in range(d)`` restarts
        out = {n for t, _ in assigned for n in _target_names(t)}
    else:  # its targets, and a counter it keeps itself (``k += 1``, ``j = j + 1``)
        out = _target_names(loop.target) | {n for a in ast.walk(loop) if isinstance(a, ast.AugAssign)
                                            for n in _target_names(a.target)} | \
            {n for t, v in assigned for n in _target_names(t) if n in _loaded(v)}
    assigned += inner
    for _ in range(3):
        out |= {n for t, v in assigned if _loaded(v) & out for n in _target_names(t)}
    return out


def _target_names(target: ast.AST) -> set[str]:
    """The names a target binds: ``a, b`` binds both, ``x[k]`` binds (an item of) ``x``, not ``k``."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return {n for t in target.elts for n in _target_names(t)}
    name = _stored_name(target.value if isinstance(target, ast.Starred) else target)
    return {name} if name else set()


def _returned(fn: ast.FunctionDef) -> set[str]:
    """The names whose values reach what ``fn`` returns: read by a ``return``, or by an assignment to such a
    name (``grads["W"] = dW``, ``dW = dW / N``)."""
    out = {n for r in ast.walk(fn) if isinstance(r, ast.Return) and r.value is not None for n in _loaded(r.value)}
    assigns = [(t, a.value) for a in ast.walk(fn) if isinstance(a, ast.Assign) for t in a.targets]
    assigns += [(a.target, a.value) for a in ast.walk(fn) if isinstance(a, ast.AugAssign)]
    assigns += [(f.target, f.iter) for f in ast.walk(fn) if isinstance(f, ast.For)]  # zip(names, [dW1, ...])
    for _ in range(6):
        grown = out | {n for t, v in assigns if _target_names(t) & out for n in _loaded(v)}
        if grown == out:
            break
        out = grown
    return out


def _runs_once(loop: ast.AST) -> bool:
    """A loop that visibly makes one pass: ``for _ in range(1)``, ``range(0, T, T)``, a ``while`` that ends in
    ``break``."""
    if isinstance(loop, ast.While):
        return bool(loop.body) and isinstance(loop.body[-1], ast.Break)
    it = loop.iter
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" and not it.keywords:
        args = it.args
        if len(args) == 1 and isinstance(args[0], ast.Constant) and args[0].value == 1:
            return True
        if len(args) == 3 and ast.dump(args[1]) == ast.dump(args[2]) and \
                isinstance(args[0], ast.Constant) and args[0].value == 0:
            return True
    return False


def _counters(fn: ast.FunctionDef) -> set[str]:
    """Names that only count: the targets of a ``for`` over a ``range`` (the index of an ``enumerate``), and
    names every assignment of which is made of counters and written numbers (``i = 0``, ``i += 1``,
    ``seen = i + 1``). A ``for x_i, r_i in zip(X, r)`` holds data, not counts."""
    out: set[str] = set()
    for f in ast.walk(fn):
        if not isinstance(f, ast.For) or not isinstance(f.iter, ast.Call) or not isinstance(f.iter.func, ast.Name):
            continue
        if f.iter.func.id == "range":
            out |= _target_names(f.target)
        elif f.iter.func.id == "enumerate" and isinstance(f.target, ast.Tuple) and f.target.elts:
            out |= _target_names(f.target.elts[0])
    made: dict[str, list[ast.AST]] = {}
    for a in ast.walk(fn):
        if isinstance(a, ast.Assign):
            for t in a.targets:
                for n in _target_names(t):
                    made.setdefault(n, []).append(a.value if isinstance(t, ast.Name) else ast.Name("?", ast.Load()))
        elif isinstance(a, ast.AugAssign) and isinstance(a.target, ast.Name):
            made.setdefault(a.target.id, []).append(a.value)
    for _ in range(3):
        out |= {n for n, values in made.items()
                if all(not (_loaded(v) - out - {n}) and not any(isinstance(c, ast.Call) for c in ast.walk(v))
                       for v in values)}
    return out


def _bound_values(target: ast.AST, value: ast.AST, name: str) -> list[ast.AST]:
    """The values an assignment gives ``name``: ``value`` itself, or its part in ``a, b = x, y``."""
    if isinstance(target, (ast.Tuple, ast.List)):
        if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
            return [v for t, e in zip(target.elts, value.elts) for v in _bound_values(t, e, name)]
        return []
    return [value] if _stored_name(target) == name and isinstance(target, ast.Name) else []


def _zero_like(value: ast.AST, item: bool = False) -> bool:
    """A value a sum starts from: ``0``, ``np.zeros(...)``, ``np.zeros_like(W)``, ``[0.0] * d``, a dict or list
    of those; for a name whose items are stored (``grads[k] = ...``), an empty ``{}`` or ``[]`` too."""
    if isinstance(value, ast.Constant):
        return isinstance(value.value, (int, float)) and not isinstance(value.value, bool) and value.value == 0
    if isinstance(value, ast.Call):
        fn = value.func
        name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
        if name in ("zeros", "zeros_like"):
            return True
        return isinstance(fn, ast.Attribute) and name in ("astype", "copy") and _zero_like(fn.value, item)
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult):
        return any(isinstance(side, ast.List) and side.elts and all(_zero_like(e) for e in side.elts)
                   for side in (value.left, value.right))
    if isinstance(value, (ast.List, ast.Tuple)):
        return all(_zero_like(e, item) for e in value.elts) if value.elts else item
    if isinstance(value, ast.Dict):
        return all(v is not None and _zero_like(v, item) for v in value.values) if value.values else item
    if isinstance(value, (ast.ListComp, ast.DictComp)):
        return _zero_like(value.elt if isinstance(value, ast.ListComp) else value.value, item)
    return False


_BUILTINS = frozenset({"len", "range", "float", "int", "np", "numpy", "math", "enumerate", "zip", "reversed",
                       "min", "max", "abs", "sum", "list", "dict", "tuple"})


def _stored_name(target: ast.AST) -> str | None:
    """The name an assignment target stores into: ``x`` for ``x``, ``x[k]`` and ``x[i][j]``."""
    while isinstance(target, ast.Subscript):
        target = target.value
    return target.id if isinstance(target, ast.Name) else None


def _read_within(loop: ast.AST, name: str) -> bool:
    """``name`` is read inside ``loop``, other than as the container an item is stored into (``x[k] = ...``)."""
    stored = {id(t.value) for t in ast.walk(loop) if isinstance(t, ast.Subscript) and isinstance(t.ctx, ast.Store)}
    stored |= {id(n) for t in ast.walk(loop) if isinstance(t, ast.Subscript) and isinstance(t.ctx, ast.Store)
               for n in ast.walk(t.value) if isinstance(n, ast.Subscript)}  # x[i] of x[i][j] = ...
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
               and id(n) not in stored and not _item_base(n, stored, loop) for n in ast.walk(loop))


def _item_base(name: ast.Name, stored: set[int], loop: ast.AST) -> bool:
    return any(isinstance(t, ast.Subscript) and id(t) in stored and t.value is name for t in ast.walk(loop))


def _grad_overwrites(cls: ast.ClassDef) -> set[int]:
    """``x.grad = e`` (``e`` not reading ``x.grad``, not a constant) inside a function defined in a method."""
    found = set()
    for method in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
        for inner in (n for n in ast.walk(method) if isinstance(n, ast.FunctionDef) and n is not method):
            local = {n: a.value for a in ast.walk(inner) if isinstance(a, ast.Assign) for t in a.targets
                     for n in _target_names(t)}  # ``new = self.grad + g`` then ``self.grad = new`` accumulates
            for st in ast.walk(inner):
                if not (isinstance(st, ast.Assign) and len(st.targets) == 1):
                    continue
                t = st.targets[0]
                if isinstance(t, ast.Attribute) and t.attr == "grad" and not isinstance(st.value, ast.Constant) \
                        and not _reads_attribute(st.value, t, local):
                    found.add(st.lineno)
    return found


def _reads_attribute(value: ast.AST, target: ast.Attribute, local: dict[str, ast.AST], depth: int = 0) -> bool:
    """``value`` reads ``target`` (``x.grad``), itself or through local names assigned from it."""
    for n in ast.walk(value):
        if isinstance(n, ast.Attribute) and n.attr == target.attr and ast.dump(n.value) == ast.dump(target.value):
            return True
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in local and depth < 4 and \
                _reads_attribute(local[n.id], target, local, depth + 1):
            return True
    return False


def point_overwrites(results: list, source) -> None:
    """A gradient that keeps only the last pass of a loop (``overwrite-not-accumulate``): the statements
    that overwrite, found in the checked function's structure (``overwrite_lines``)."""
    lines = source.text.splitlines()
    for result in results:
        if result.passed or "overwrite-not-accumulate" not in result.mistakes or not isinstance(result.function, str):
            continue
        details = result.details if isinstance(result.details, dict) else {}
        found = [n for n in overwrite_lines(source.text, result.function) if 0 < n <= len(lines)]
        if "lines" in details or not found:
            continue
        pointed = [_static(source, lines, n, "overwrite-not-accumulate",
                           "sets with = what should add up with += over the loop") for n in found]
        details["lines"] = [_entry(p, source) for p in pointed]
        result.details = details
        result.message += "; " + describe(pointed)


def point_mutations(results: list, source) -> None:
    """A function that changes its arguments: the statement that does it, where it is in that function."""
    lines = source.text.splitlines()
    for result in results:
        if result.passed or "mutates-input" not in result.mistakes or not isinstance(result.function, str):
            continue
        details = result.details if isinstance(result.details, dict) else {}
        line = mutation_line(source.text, result.function)
        if "lines" in details or line is None or not 0 < line <= len(lines):
            continue
        p = _static(source, lines, line, "mutates-input", f"changes an argument of `{result.function}` in place")
        details["lines"] = [_entry(p, source)]
        result.details = details
        result.message += "; " + describe([p])


#: ``init-too-large``: a weight matrix whose spread times the root of its fan-in is over this is too large
#: (the usual scalings, LeCun, Xavier, He, give about 1 to 1.4)
TOO_LARGE_SCALE = 3.0


def point_init(failures: list, ctx) -> None:
    """Weights that make hidden units identical (``np.zeros``, ``np.full``), or weights far larger than their
    fan-in allows: the statement of ``init_params`` that makes them, found by running it again, traced; in a
    written dict, the line of that entry. A too-large matrix whose scale is set elsewhere (a helper of the
    student's, ``glorot(shape, rng)``; a name, ``lim = 10.0``): the line that sets it, when ``scale_source``
    can show the numbers there are too large by themselves; else nothing."""
    for spec, fail, result in failures:
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        if ev.get("kind") != "init" or not ev.get("calls"):
            continue
        got = flatten(ev.get("got"))
        if "symmetric-init" in result.mistakes:
            keys, mistake = [str(ev.get("key"))], "symmetric-init"
            label = "makes weights that give every hidden unit the same start"
        elif "init-too-large" in result.mistakes:
            keys, mistake = _too_large(got, str(ev.get("layout", "in_out"))), "init-too-large"
            label = "makes weights too large for their fan-in: scale them by 1/sqrt(fan-in)"
        else:
            continue
        bads = [np.asarray(got.get(k, np.empty(0)), dtype=float) for k in keys]
        if not bads or any(b.size == 0 for b in bads):
            continue
        results = ctx.student.batch([replace(c, trace=True) for c in ev["calls"]])
        if len(results) != 1 or not isinstance(results[0], Returned) or results[0].trace_truncated:
            continue
        source = ctx.student.source
        span = _function_span(source.text, str(ev.get("fn") or ""))
        found: list[int] = []
        scaled: list[int] = []  # lines outside the statement that made the weights, which set their scale
        for bad in bads:
            trace = results[0].trace or []
            rec = next((r for r in trace if r[1] != "return" and not r[1].startswith("return[")
                        and _holds(r, bad)), None) or next((r for r in trace if _holds(r, bad)), None)
            if rec is None:  # a large array may be missing from the trace: the others still show the place
                continue
            line = _entry_line(source.text, rec[0], rec[1])
            if mistake == "init-too-large" and (
                    span is None or not span[0] < line <= span[1] or  # in a helper of the student's
                    (line == rec[0] and _statement_end(source.text, line) > line) or
                    _scaled_elsewhere(source.text, rec[0], str(ev.get("fn") or ""))):
                # several lines (a comprehension), a helper of the student's, a scale set on another line: the
                # line that sets the scale, when the numbers there are too large by themselves
                fan_in = bad.shape[1] if str(ev.get("layout", "in_out")) == "out_in" else bad.shape[0]
                where = scale_source(source.text, trace, rec[0], rec[1], bad, fan_in, str(ev.get("fn") or ""))
                if where is None:
                    continue
                if where == rec[0]:
                    where = _entry_line(source.text, rec[0], rec[1])
                scaled.append(where)
                continue
            found.append(line)
        lines = source.text.splitlines()
        defs = statement_reads(source.text)[1]
        if not found + scaled or any(not 0 < line <= len(lines) or line in defs for line in found + scaled) or \
                any(mistake == "init-too-large" and (span is None or not span[0] < line <= span[1]) for line in found):
            continue
        _attach(result, [_static(source, lines, line, mistake, label if line in found else
                                 "sets a scale too large for the weights' fan-in: scale them by 1/sqrt(fan-in)")
                         for line in dict.fromkeys(found + scaled)], source)


def _made_by(stmt: ast.stmt, name: str) -> ast.expr | None:
    """The expression of ``stmt`` that gave the record ``name`` its value: a return's or an assignment's
    value (``x *= s`` as ``x * s``), or one entry of a dict it writes (``"W1": ...`` for ``params['W1']``)."""
    if isinstance(stmt, ast.AugAssign):
        return ast.BinOp(left=stmt.target, op=stmt.op, right=stmt.value) if isinstance(stmt.op, (ast.Mult, ast.Div)) \
            else None
    value = stmt.value if isinstance(stmt, (ast.Return, ast.Assign, ast.AnnAssign)) else None
    key = name.split("[", 1)[1].rstrip("]").strip("'\"") if "[" in name else None
    if isinstance(value, ast.Dict) and key is not None:
        return next((v for k, v in zip(value.keys, value.values) if isinstance(k, ast.Constant) and k.value == key),
                    None)
    return value


def _factors(node: ast.expr, out: list, power: int = 1, constant_divisors: bool = False) -> bool:
    """The factors of a product (``a * b / c``: ``(a, 1), (b, 1), (c, -1)``); False when it is not one
    (``constant_divisors``: a division by anything but a written constant)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        if constant_divisors and isinstance(node.op, ast.Div) and not isinstance(node.right, ast.Constant):
            return False
        return _factors(node.left, out, power, constant_divisors) and \
            _factors(node.right, out, power if isinstance(node.op, ast.Mult) else -power, constant_divisors)
    out.append((node, power))
    return True


def _written_number(node: ast.expr, names: dict[str, float]) -> float | None:
    """A number written (``3.0``, ``-lim``) or held by a name of ``names``; None for anything else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _written_number(node.operand, names)
        return None if v is None else (-v if isinstance(node.op, ast.USub) else v)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return float(node.value)
    return names.get(node.id) if isinstance(node, ast.Name) else None


def _draw_spread(call: ast.Call, names: dict[str, float]) -> float | None:
    """The spread one draw gives (``normal(0, s)``: s; ``uniform(-a, a)``: 2a / sqrt(12)), from numbers and
    ``names``; None when an argument is anything else or a normal draw is not centred."""
    kind = call.func.attr if isinstance(call.func, ast.Attribute) else None
    if kind not in DRAWS:
        return None
    args = {**dict(enumerate(call.args)), **{k.arg: k.value for k in call.keywords if k.arg}}
    if kind == "normal":
        loc, scale = args.get(0, args.get("loc")), args.get(1, args.get("scale"))
        loc = 0.0 if loc is None else _written_number(loc, names)
        scale = 1.0 if scale is None else _written_number(scale, names)
        return abs(scale) if loc == 0.0 and scale is not None else None
    if kind == "uniform":
        low, high = args.get(0, args.get("low")), args.get(1, args.get("high"))
        low = 0.0 if low is None else _written_number(low, names)
        high = 1.0 if high is None else _written_number(high, names)
        return abs(high - low) * 12 ** -0.5 if low is not None and high is not None else None
    return DRAWS[kind]


def _scale_names(draw: ast.Call) -> set[str]:
    """The names a draw's spread depends on: ``normal``'s and ``uniform``'s first two arguments (not a size)."""
    if draw.func.attr not in ("normal", "uniform"):
        return set()
    parts = draw.args[:2] + [k.value for k in draw.keywords if k.arg in ("loc", "scale", "low", "high")]
    return {n.id for a in parts for n in ast.walk(a) if isinstance(n, ast.Name)}


def _set_once(tree: ast.Module, scope: ast.AST, var: str) -> tuple[int, ast.expr] | None:
    """The one statement that sets the name ``var`` in ``scope`` (a function; else the module's top level),
    as ``(line, value)``; None when it is an argument, set several times, or in any other way."""
    if isinstance(scope, ast.FunctionDef):
        a = scope.args
        if var in {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs} or \
                var in {x.arg for x in (a.vararg, a.kwarg) if x is not None}:
            return None
        nodes = list(ast.walk(scope))
    else:
        nodes = tree.body
    stores = [n for n in nodes if isinstance(n, ast.Name) and n.id == var and isinstance(n.ctx, (ast.Store, ast.Del))] \
        if isinstance(scope, ast.FunctionDef) else \
        [t for n in nodes for t in ast.walk(n) if not isinstance(n, (ast.FunctionDef, ast.ClassDef)) and
         isinstance(t, ast.Name) and t.id == var and isinstance(t.ctx, (ast.Store, ast.Del))]
    sets = [n for n in nodes if isinstance(n, ast.Assign) and len(n.targets) == 1 and
            isinstance(n.targets[0], ast.Name) and n.targets[0].id == var]
    if len(stores) != 1 or len(sets) != 1:
        return None
    return sets[0].lineno, sets[0].value


def _shape_of(node: ast.AST) -> str:
    """An expression's text without whether it is read or written (``W`` in ``W = W * s`` is one thing)."""
    return re.sub(r"ctx=(Load|Store|Del)\(\)", "", ast.dump(node))


def _helper_return(tree: ast.Module, call: ast.expr) -> int | None:
    """The line of the one ``return`` of the student's function that ``call`` calls (``glorot(...)``, a nested
    ``draw(...)``), or None."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
        return None
    defs = [f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and f.name == call.func.id]
    if len(defs) != 1:
        return None
    inner = {id(n) for f in ast.walk(defs[0]) if f is not defs[0] and isinstance(f, (ast.FunctionDef, ast.Lambda))
             for n in ast.walk(f)}
    returns = [n for n in ast.walk(defs[0]) if isinstance(n, ast.Return) and id(n) not in inner]
    return returns[0].lineno if len(returns) == 1 and returns[0].value is not None else None


def scale_source(text: str, trace: list, line: int, name: str, bad: np.ndarray, fan_in: int, function: str,
                 depth: int = 0) -> int | None:
    """Where a too-large weight gets its scale, when the statement that made it (``line``, its record
    ``name``) is one draw (or the array itself, ``W = W * s``) times numbers, and reads its scale from one
    name: the line that sets that name, once, in the same function (``lim = 10.0`` before
    ``rng.uniform(-lim, lim, ...)``; ``limit = np.sqrt(6 * (a + b))`` in a ``glorot`` helper) or at the
    module's top level (a number read by ``function`` itself). With no name, a draw of written numbers in
    a helper (``return rng.normal(0.0, 1.0, size)``): that line. A weight a helper of the student's returns
    (``glorot(...)``): where that helper's ``return`` gets its scale.

    Only when that number alone, times the root of ``fan_in``, is over the bound, the rest of the statement
    does not enlarge it (the draw's own spread, written factors: at most 1), all agree with the weight's
    spread (within a factor of 2), the name multiplies (a divisor's operation may be the mistake), and what
    sets it is a written number or a formula of sizes (a ``gain`` argument, a default, a number passed at
    the call: the mistake may be there instead). When that name's scale is right and the numbers written
    in the statement enlarge it (``rng.normal(0, 10, size) * std``): the statement. Files written to attack
    this rule are in the realistic corpus (``*_init_*``): a right scale beside a wrong factor, a wrong gain
    passed to a right helper."""
    tree = _parsed(text)
    if tree is None:
        return None
    stmt = next((n for n in ast.walk(tree) if isinstance(n, ast.stmt) and n.lineno == line and
                 not isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.For, ast.If, ast.While, ast.With))), None)
    expr = _made_by(stmt, name) if stmt is not None else None
    factors: list = []
    if expr is None or not _factors(expr, factors):
        return None
    helper = _helper_return(tree, expr)
    if helper is not None:  # made by a helper of the student's: where that helper gets its scale
        return scale_source(text, trace, helper, "return", bad, fan_in, function, depth + 1) if depth < 2 else None
    target = _shape_of(stmt.target if isinstance(stmt, ast.AugAssign) else stmt.targets[0]) \
        if isinstance(stmt, ast.AugAssign) or (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1) else None
    draws = [f for f, _ in factors if isinstance(f, ast.Call)]
    itself = [f for f, p in factors if p == 1 and target is not None and _shape_of(f) == target]
    if len(draws) + len(itself) != 1 or (draws and (not isinstance(draws[0].func, ast.Attribute) or
                                                    draws[0].func.attr not in DRAWS)):
        return None
    read = set().union(*(_scale_names(f) if isinstance(f, ast.Call) else _names(f) for f, _ in factors
                         if not any(f is i for i in itself)))
    start = _enclosing(tree, line)[0]
    scope = next((f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and f.lineno == start), tree)
    checked = scope is _function(tree, function)  # the function the check called (else a helper of it)
    if len(read) > 1 or (not read and (itself or scope is tree or checked)):
        return None
    if not read:  # written numbers only, in a helper: the caller shows no scale, this line holds it
        where, values = line, [{}]
    else:
        (var,) = read
        if any(var in (_scale_names(f) if isinstance(f, ast.Call) else _names(f)) for f, power in factors
               if power != 1):
            return None  # a divisor (``W / std``): the operation may be the mistake, not the number
        found = _set_once(tree, scope, var)
        if found is not None:
            where, value = found
            # what sets it is a written number, or a formula of sizes only (``np.sqrt(6 * (a + b))``)
            if _names(value) - MODULES and not (isinstance(scope, ast.FunctionDef) and
                                                _sizes_only(tree, scope, _names(value) - MODULES, trace)):
                return None
            values = [{var: float(v[0])} for r in trace if r[0] == where and r[1] == var
                      for v in r[2:4] if isinstance(v, np.ndarray) and v.size == 1]
        elif checked and (top := _set_once(tree, tree, var)) is not None and \
                not any(isinstance(n, ast.Name) and n.id == var and not isinstance(n.ctx, ast.Load)
                        for n in ast.walk(scope)):  # a module's number read where the weights are made
            where, value = top
            number = _written_number(value, {})
            values = [{var: number}] if number is not None else []
        else:
            return None
        if where == line:
            return None
    spread = float(np.std(bad))
    for names in values:
        parts = [1.0 if any(f is i for i in itself) else
                 _draw_spread(f, names) if isinstance(f, ast.Call) else _written_number(f, names) for f, _ in factors]
        rest = [1.0 if any(f is i for i in itself) else
                _draw_spread(f, {k: 1.0 for k in names}) if isinstance(f, ast.Call) else
                _written_number(f, {k: 1.0 for k in names}) for f, _ in factors]
        if any(p is None or p == 0 for p in parts + rest) or spread <= 0:
            continue
        made = abs(float(np.prod([p ** power for p, (_, power) in zip(parts, factors)])))  # the array itself: 1
        # the rest of the statement (the draw's own spread, written factors) does not enlarge: the number does
        others = abs(float(np.prod([p ** power for p, (_, power) in zip(rest, factors)])))
        if not (made * np.sqrt(fan_in) > TOO_LARGE_SCALE and 0.5 < made / spread < 2.0):
            continue
        if others <= 1.0 + 1e-9:
            return where
        if read and (made / others) * np.sqrt(fan_in) <= TOO_LARGE_SCALE:
            return line  # the name's scale is right: the numbers written here enlarge it (``normal(0, 10) * std``)
    return None


#: names a scale's formula may read that are modules
MODULES = frozenset({"np", "numpy", "math"})


def _sizes_only(tree: ast.Module, fn: ast.FunctionDef, names: set[str], trace: list) -> bool:
    """Every name is a size: an argument of ``fn`` that held whole numbers when it ran (``fan_in``, a
    ``shape``'s entries), or set once in ``fn`` straight from one (``fan_in, fan_out = shape``,
    ``n = shape[0]``); ``fn`` has no default values, and no call of it passes a written number (a
    ``gain=4.0`` at the call is where the scale would come from)."""
    a = fn.args
    if a.defaults or any(d is not None for d in a.kw_defaults) or a.vararg or a.kwarg:
        return False
    args = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}

    def whole(line: int, name: str) -> bool:
        recs = [r for r in trace if r[0] == line and (r[1] == name or r[1].startswith(name + "["))]
        return bool(recs) and all(np.all(np.asarray(v) == np.round(np.asarray(v))) for r in recs for v in r[2:4])

    for n in names:
        if n in args:
            if not whole(fn.lineno, n):
                return False
            continue
        sets = [st for st in ast.walk(fn) if isinstance(st, ast.Assign) and len(st.targets) == 1 and
                any(isinstance(t, ast.Name) and t.id == n for t in ast.walk(st.targets[0]))]
        stores = [t for t in ast.walk(fn) if isinstance(t, ast.Name) and t.id == n and not isinstance(t.ctx, ast.Load)]
        if len(sets) != 1 or len(stores) != 1:
            return False
        value = sets[0].value
        base = value.value if isinstance(value, ast.Subscript) else value
        if not (isinstance(base, ast.Name) and base.id in args) or not whole(sets[0].lineno, n):
            return False
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and (getattr(call.func, "id", None) == fn.name or
                                           getattr(call.func, "attr", None) == fn.name):
            if any(isinstance(c, ast.Constant) and type(c.value) in (int, float)
                   for x in call.args + [k.value for k in call.keywords] for c in ast.walk(x)):
                return False
    return True


def _scaled_elsewhere(text: str, line: int, function: str) -> bool:
    """The statement at ``line`` of ``function`` may take its scale from another line: it calls a function the
    student wrote (``glorot(...)``, a nested ``draw(...)``, a ``lambda``), or reads a name ``function`` or the
    module sets to a number or a scale (``lim = 10.0``, ``std = np.sqrt(2 / n)``, ``SCALE = 10``): that line
    may be the mistake instead."""
    tree = _parsed(text)
    fn = _function(tree, function) if tree is not None else None
    if fn is None:
        return True
    own = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))} | \
        {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Lambda)
         for t in n.targets if isinstance(t, ast.Name)}
    scales = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and any(
                (isinstance(c, ast.Constant) and isinstance(c.value, float)) or
                (isinstance(c, ast.Call) and getattr(c.func, "attr", getattr(c.func, "id", None)) in ("sqrt", "exp"))
                or (isinstance(node.value, ast.Constant) and isinstance(node.value.value, (int, float)))
                for c in ast.walk(node.value)):
            scales |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    for node in tree.body:  # a module's number (``SCALE = 10.0``) read here
        if isinstance(node, ast.Assign) and _written_number(node.value, {}) is not None:
            scales |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    for node in ast.walk(fn):
        if isinstance(node, ast.stmt) and node.lineno == line:
            calls = {c.func.id for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
            if calls & own or _names(node) & scales:
                return True
    return False


def _statement_end(text: str, line: int) -> int:
    """The last line of the outermost statement that starts at ``line`` (``line`` when none does)."""
    tree = _parsed(text)
    ends = [n.end_lineno or n.lineno for n in ast.walk(tree) if isinstance(n, ast.stmt) and n.lineno == line] \
        if tree is not None else []
    return max(ends, default=line)


def _holds(rec: tuple, bad: np.ndarray) -> bool:
    """A trace record whose first or last value is the array ``bad``."""
    return any(isinstance(v, np.ndarray) and v.shape == bad.shape and np.array_equal(v, bad) for v in rec[2:4])


def _too_large(params: dict, layout: str) -> list[str]:
    """The 2-D weights whose spread, times the root of their fan-in, is over ``TOO_LARGE_SCALE``."""
    out = []
    for k, v in params.items():
        v = np.asarray(v, dtype=float)
        if v.ndim != 2 or v.size < 2 or not np.all(np.isfinite(v)):
            continue
        fan_in = v.shape[1] if layout == "out_in" else v.shape[0]
        if float(np.std(v)) * np.sqrt(fan_in) > TOO_LARGE_SCALE:
            out.append(k)
    return out


def _function_span(text: str, name: str) -> tuple[int, int] | None:
    """The lines of the module-level function ``name`` (its ``def`` line first), or None."""
    tree = _parsed(text)
    fn = _function(tree, name) if tree is not None and name else None
    return (fn.lineno, fn.end_lineno or fn.lineno) if fn is not None else None


def _enclosing(tree: ast.Module, line: int) -> tuple[int, int]:
    """The lines of the innermost function (method, nested function) that holds ``line``; (0, 0) when none."""
    return max(((f.lineno, f.end_lineno or f.lineno) for f in ast.walk(tree)
                if isinstance(f, ast.FunctionDef) and f.lineno <= line <= (f.end_lineno or f.lineno)), default=(0, 0))


def _entry_line(text: str, line: int, name: str) -> int:
    """The line of one entry of a dict written over several lines (``return {\n "W1": np.zeros(...),``): the
    record is the statement's (its first line); the entry's own line is where the student looks."""
    key = name.split("[", 1)[1].rstrip("]").strip("'\"") if "[" in name else None
    tree = _parsed(text) if key is not None else None
    if tree is None:
        return line
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and getattr(node, "lineno", 0) >= line:
            for k, v in zip(node.keys, node.values):
                if isinstance(k, ast.Constant) and k.value == key and node.lineno <= v.lineno:
                    stmt_start = line
                    if node.lineno == stmt_start or _starts(tree, stmt_start, node):
                        return v.lineno
    return line


def _starts(tree: ast.AST, line: int, inner: ast.AST) -> bool:
    """``inner`` is part of the statement that starts at ``line``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno == line and \
                node.lineno <= inner.lineno <= (node.end_lineno or node.lineno):
            return True
    return False


#: mistakes a function's value shows (not its gradient): pointed by replaying the call the check compared
VALUE_IDS = frozenset({"wrong-forward", "wrong-loss", "unstable-softmax"})


def reference_values(bank, fn: str, args: tuple) -> tuple[list[np.ndarray], list[np.ndarray],
                                                            dict[str, list[np.ndarray]]] | None:
    """Every array the answer's ``fn(*args)`` assigns, and its result; the arrays of its result alone; and
    what each name held (``Y_hat``: its values in every function that set it). None when it has no such
    function or it raises on these arguments."""
    ref_fn = getattr(bank.ref, fn, None)
    if not isinstance(ref_fn, types.FunctionType):
        return None
    tracer = LineTracer(_files(bank))
    try:
        with tracer, np.errstate(all="ignore"):
            out = ref_fn(*[np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args])
    except Exception:  # noqa: BLE001 - the answer does not take these: nothing to compare with
        return None
    outputs = list(_arrays(out))
    named: dict[str, list[np.ndarray]] = {}
    for r in tracer.records():
        named.setdefault(r[2], []).extend((r[3],) if r[5] == 1 else (r[3], r[4]))
    return [v for r in tracer.records() for v in ((r[3],) if r[5] == 1 else (r[3], r[4]))] + outputs, outputs, named


def value_departure(student: list[tuple], right: list[np.ndarray], tol: float, reads: dict[int, frozenset[str]],
                    unpointable: frozenset[int], returns: frozenset[int], args: frozenset[str],
                    named: dict[str, list[np.ndarray]] | None = None) -> int | None:
    """Without a mutant, where a function's wrong value is made: its own ``return`` (of ``returns``) when
    every name that statement reads is one of the function's ``args`` or holds one of the answer's arrays
    exactly: the result is wrong, its inputs are not (``np.sum`` for ``np.mean``). An earlier statement is
    never pointed at this way: a value of the student's that the answer does not compute may be another
    right way (``dp = -y / p`` before the Jacobian) as well as the mistake, and values cannot tell which."""
    status: dict[str, bool] = {}
    for rec in student:
        # one of the answer's arrays, but not what the answer's own name holds (``Y_hat`` that is the answer's
        # ``Z2``: a missing output activation upstream): not a right input
        theirs = [v for v in (named or {}).get(rec[1], ()) if isinstance(v, np.ndarray) and
                  isinstance(rec[3], np.ndarray) and v.shape == rec[3].shape]
        _note(status, rec[1], _one_of(rec[3], right, tol) and _one_of(rec[2], right, tol) and
              (not theirs or any(_within(rec[3], v, tol) for v in theirs)))
    for line in sorted(returns):
        names = reads.get(line, frozenset())
        if line not in unpointable and names and \
                all(n in args or status.get(n, False) or n.split(".")[0] in BUILTIN_NAMES for n in names):
            return line
    return None


#: what a forward may apply once too often: its own output through one more activation
ACTIVATIONS = {
    "sigmoid": logistic,
    "tanh": np.tanh,
    "ReLU": lambda a: np.maximum(a, 0.0),
    "softmax": lambda a: _softmax(a, -1) if a.ndim >= 1 else None,
    "softmax over columns": lambda a: _softmax(a, 0) if a.ndim == 2 else None,
}


#: what a statement calls that applies each activation (a name holding one of these words, or the NumPy
#: function it is written with)
APPLIES = {"sigmoid": ("sigmoid", "logistic", "expit", "exp"), "tanh": ("tanh",),
           "ReLU": ("relu", "maximum", "clip"), "softmax": ("softmax", "exp"),
           "softmax over columns": ("softmax", "exp")}


def _applies(text: str, line: int, activation: str) -> bool:
    """The statement at ``line`` calls something that applies ``activation`` (``sigmoid(z)``,
    ``np.maximum(z, 0)``, ``np.exp``), or for a softmax divides by a ``sum``: it does not only pass a value
    on (``np.array(rows)``, ``A.T``)."""
    tree = _parsed(text)
    words = APPLIES[activation]
    for st in (n for n in ast.walk(tree) if isinstance(n, ast.stmt) and n.lineno == line) if tree is not None else ():
        if isinstance(st, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.If, ast.With, ast.Try)):
            continue
        for c in ast.walk(st):
            name = _called_name(c)
            if name is not None and any(w in name.lower() for w in words):
                return True
            if activation.startswith("softmax") and isinstance(c, ast.BinOp) and isinstance(c.op, ast.Div) and \
                    any(_called_name(d) == "sum" for d in ast.walk(c.right)):
                return True
    return False


def _within(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    """``a`` is ``b`` (finite) to ``tol`` of ``b``'s scale (at least 1), element by element."""
    return a.shape == b.shape and bool(np.all(np.isfinite(b))) and \
        float(np.max(np.abs(a - b), initial=0.0)) <= tol * max(1.0, float(np.max(np.abs(b), initial=0.0)))


def _called_name(node: ast.AST) -> str | None:
    """The name a call is made by (``np.exp(...)``: ``exp``; ``layer(...)``: ``layer``), None for no call."""
    if not isinstance(node, ast.Call):
        return None
    return node.func.attr if isinstance(node.func, ast.Attribute) else \
        node.func.id if isinstance(node.func, ast.Name) else None


def _function_spans(tree: ast.Module) -> dict[str, list[tuple[int, int]]]:
    """Where each function of the file is written, at any depth: ``def`` (methods too) and a name bound
    to a ``lambda``."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            spans.setdefault(n.name, []).append((n.lineno, n.end_lineno or n.lineno))
        elif isinstance(n, ast.Assign) and isinstance(n.value, ast.Lambda):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    spans.setdefault(t.id, []).append((n.lineno, n.end_lineno or n.lineno))
    return spans


#: a helper named for an activation applies it by right (``relu_forward``, ``sigmoid``): when the value it
#: makes is one activation too many, the mistake is the line that calls it
NAMED_FOR = {"sigmoid": ("sigmoid", "logistic", "expit"), "tanh": ("tanh",), "ReLU": ("relu",),
             "softmax": ("softmax",), "softmax over columns": ("softmax",)}


def _helper_of(tree: ast.Module, line: int, entry: str | None) -> str | None:
    """The name of the module-level function (not ``entry``) whose body holds ``line``: a ``def``, or a name
    bound to a ``lambda`` (``_relu = lambda z: np.maximum(z, 0.0)``)."""
    for n in tree.body:
        if isinstance(n, ast.FunctionDef) and n.name != entry and n.lineno < line <= (n.end_lineno or n.lineno):
            return n.name
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Lambda) and len(n.targets) == 1 and \
                isinstance(n.targets[0], ast.Name) and n.targets[0].id != entry and \
                n.lineno <= line <= (n.end_lineno or n.lineno):
            return n.targets[0].id
    return None


def _fills_an_item(tree: ast.Module, line: int) -> bool:
    """The statement at ``line`` writes into an item or slice of an array (``out[:, j] = ...``)."""
    return any(isinstance(st, (ast.Assign, ast.AugAssign)) and st.lineno == line and
               any(isinstance(t, ast.Subscript) for t in (st.targets if isinstance(st, ast.Assign) else [st.target]))
               for st in ast.walk(tree))


def _chooses(tree: ast.Module, line: int) -> bool:
    """The statement at ``line`` applies its activation by choice of its caller: its function takes a
    parameter with a default (``activation="relu"``, ``squash=False``), or the statement stands under an
    ``if`` (or holds an ``a if c else b``) that reads one of its function's parameters (``if k <= depth``).
    The mistake may be the call that chooses, or the condition, as well as this line."""
    fns = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
           and n.lineno <= line <= (n.end_lineno or n.lineno)]
    if not fns:
        return False
    fn = max(fns, key=lambda n: n.lineno)
    a = fn.args
    if a.defaults or any(d is not None for d in a.kw_defaults):
        return True
    params = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}
    tests = [n.test for n in _own_nodes(fn) if isinstance(n, (ast.If, ast.IfExp, ast.While)) and
             (n.lineno <= line <= (n.end_lineno or n.lineno))]
    return any(_names(t) & params for t in tests)


def _call_site(student: list[tuple], after: int, holds, spans: dict, maker: int, tree: ast.Module,
               unpointable: frozenset[int]) -> int | None:
    """The first statement after record ``after`` that ran once, holds the value and calls the function
    whose body made it (line ``maker``): ``outputs = layer(W3, h2, b3)`` where ``layer`` applies the
    activation for every layer."""
    inner = min(((a, b, name) for name, where in spans.items() for a, b in where if a <= maker <= b),
                default=None, key=lambda w: w[1] - w[0])
    # each call of that function made it once: a loop inside the function is not a helper run per layer
    calls = max((rec[4] for rec in student if inner is not None and rec[0] == inner[0]), default=0)
    if inner is None or calls != student[after][4]:
        return None
    makers = {inner[2]}
    statements = {n.lineno: n for n in ast.walk(tree) if isinstance(n, ast.stmt)}
    for rec in student[after + 1:]:
        st = statements.get(rec[0])
        if rec[4] != 1 or rec[0] in unpointable or st is None or not holds(rec[3]) or \
                isinstance(st, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.If, ast.With, ast.Try)):
            continue
        if any(_called_name(c) in makers for c in ast.walk(st)):
            return rec[0]
    return None


def _innermost_function(tree: ast.Module, line: int) -> ast.AST | None:
    """The innermost function (``def``, method, ``lambda``) whose lines hold ``line``."""
    fns = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
           and n.lineno <= line <= (n.end_lineno or n.lineno)]
    return max(fns, key=lambda n: (n.lineno, -(n.end_lineno or n.lineno)), default=None)


def _simple_statement(tree: ast.Module, line: int) -> ast.stmt | None:
    """The statement that starts at ``line`` and holds no other (not a ``def``, loop, ``if``...)."""
    return next((n for n in ast.walk(tree) if isinstance(n, ast.stmt) and n.lineno == line and not isinstance(
        n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.While, ast.If, ast.With, ast.Try))),
        None)


def _named_for(node: ast.AST | None, activation: str) -> bool:
    """A function named (``sigmoid``, ``np.tanh``, ``relu_forward``) for ``activation``."""
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
    return name is not None and any(w in name.lower() for w in NAMED_FOR[activation])


def _calls_one(node: ast.AST, activation: str) -> bool:
    """``node`` calls something that applies ``activation`` (``APPLIES``: ``sigmoid(z)``, ``np.maximum(z, 0)``)."""
    return any(any(w in name.lower() for w in APPLIES[activation]) for c in ast.walk(node)
               if (name := _called_name(c)) is not None)


def _literal(tree: ast.Module, scope: ast.AST | None, name: str) -> ast.expr | None:
    """The list, tuple or dict written into ``name``, set once in ``scope`` (a function) or else once at the
    module's top level (and nowhere in ``scope``)."""
    found = _set_once(tree, scope, name) if isinstance(scope, ast.FunctionDef) else None
    if found is None and (scope is None or not any(isinstance(n, ast.Name) and n.id == name and
                                                   not isinstance(n.ctx, ast.Load) for n in ast.walk(scope))):
        found = _set_once(tree, tree, name)
    value = found[1] if found is not None else None
    return value if isinstance(value, (ast.List, ast.Tuple, ast.Dict)) else None


def _item(node: ast.expr | None, key: Any) -> ast.expr | None:
    """The entry of a written list, tuple or dict at a written key (``-1``: the last)."""
    if isinstance(node, ast.Dict):
        return next((v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant) and k.value == key),
                    None)
    if isinstance(node, (ast.List, ast.Tuple)) and type(key) is int and not any(
            isinstance(e, ast.Starred) for e in node.elts) and -len(node.elts) <= key < len(node.elts):
        return node.elts[key]
    return None


def _target_path(target: ast.AST, name: str) -> list[int] | None:
    """Where ``name`` sits in a ``for`` target: ``f`` -> ``[]``, ``(w, b, f)`` -> ``[2]``."""
    if isinstance(target, ast.Name):
        return [] if target.id == name else None
    if isinstance(target, (ast.Tuple, ast.List)):
        for i, t in enumerate(target.elts):
            inner = _target_path(t, name)
            if inner is not None:
                return [i] + inner
    return None


MUTATORS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "reverse",
                      "sort", "__setitem__"})


def _unchanged(tree: ast.Module, name: str) -> bool:
    """Nothing in the file changes the table ``name`` after it is written (``fns.append(...)``,
    ``fns[-1] = ...``, ``fns += [...]``): its written rows are the ones the layers take."""
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in MUTATORS and \
                isinstance(n.func.value, ast.Name) and n.func.value.id == name:
            return False
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id == name and \
                not isinstance(n.ctx, ast.Load):
            return False
        if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) and n.target.id == name:
            return False
    return True


def _rows(table: ast.expr | None) -> list[ast.expr] | None:
    """A written list's or tuple's rows (None for anything else, or a ``*rest``)."""
    if isinstance(table, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in table.elts):
        return list(table.elts)
    return None


def _last_item(tree: ast.Module, fn: ast.AST, name: str, inside: ast.AST,
               depth: int = 0) -> tuple[ast.expr, ast.expr, int] | None:
    """What the ``for`` loop of ``fn`` around ``inside`` last bound ``name`` to, when it walks a table written
    in the file and changed nowhere: ``(the table's last row, the value in it, how many times the loop's
    body ran)``. ``for W, b, f in zip(Ws, bs, [sigmoid, sigmoid, sigmoid])``: the last ``sigmoid``, 3 runs;
    ``for (w, b, fns) in LAYERS: for f in fns``: the last row of ``LAYERS``, the last function of its list,
    and as many runs as the lists hold. A table zipped with others is taken only when it is the shortest."""
    if depth > 3:
        return None
    for loop in (n for n in _own_nodes(fn) if isinstance(n, ast.For)):
        path = _target_path(loop.target, name)
        if path is None or not any(inside is s for b in loop.body for s in ast.walk(b)):
            continue
        source = loop.iter
        if isinstance(source, ast.Call) and isinstance(source.func, ast.Name) and source.func.id == "enumerate" \
                and len(source.args) == 1 and not source.keywords and path[:1] == [1]:
            source, path = source.args[0], path[1:]
        if isinstance(source, ast.Call) and isinstance(source.func, ast.Name) and source.func.id == "zip" and path \
                and path[0] < len(source.args) and not source.keywords:
            source, path = source.args[path[0]], path[1:]
        if isinstance(source, ast.Name):
            rows = _rows(_literal(tree, fn, source.id))
            if rows is not None:
                if not rows or not _unchanged(tree, source.id):
                    return None
                value = rows[-1]
                for i in path:
                    value = _item(value, i)
                return (rows[-1], value, len(rows)) if value is not None else None
            outer = _last_item(tree, fn, source.id, loop, depth + 1)  # a list an outer loop bound
            inner = _rows(outer[1]) if outer is not None else None
            if not inner:
                return None
            table = _literal(tree, fn, _table_name(tree, fn, source.id) or "")
            sizes = [len(r) for r in (_rows(_follow(row, _outer_path(tree, fn, source.id))) for row in
                                      _rows(table) or []) if r is not None] if table is not None else []
            value = inner[-1]
            for i in path:
                value = _item(value, i)
            return (outer[0], value, sum(sizes)) if value is not None and sizes else None
        rows = _rows(source)
        if rows:
            value = rows[-1]
            for i in path:
                value = _item(value, i)
            return (rows[-1], value, len(rows)) if value is not None else None
        return None
    return None


def _outer_loop(fn: ast.AST, name: str) -> tuple[ast.For, list[int]] | None:
    """The ``for`` loop of ``fn`` whose target binds ``name``, and where in the target."""
    for loop in (n for n in _own_nodes(fn) if isinstance(n, ast.For)):
        path = _target_path(loop.target, name)
        if path is not None:
            return loop, path
    return None


def _table_name(tree: ast.Module, fn: ast.AST, name: str) -> str | None:
    """The written table an outer loop walks to bind ``name`` (``LAYERS`` for ``fns`` in
    ``for w, b, fns in LAYERS``), through ``zip`` and ``enumerate``."""
    found = _outer_loop(fn, name)
    if found is None:
        return None
    source, path = found[0].iter, found[1]
    if isinstance(source, ast.Call) and getattr(source.func, "id", None) == "enumerate" and path[:1] == [1]:
        source, path = source.args[0], path[1:]
    if isinstance(source, ast.Call) and getattr(source.func, "id", None) == "zip" and path:
        source = source.args[path[0]] if path[0] < len(source.args) else None
    return source.id if isinstance(source, ast.Name) else None


def _outer_path(tree: ast.Module, fn: ast.AST, name: str) -> list[int]:
    """Where ``name`` sits in each row of the table an outer loop walks (``[2]`` for ``(w, b, fns)``)."""
    found = _outer_loop(fn, name)
    if found is None:
        return []
    source, path = found[0].iter, found[1]
    if isinstance(source, ast.Call) and getattr(source.func, "id", None) == "enumerate" and path[:1] == [1]:
        source, path = source.args[0], path[1:]
    if isinstance(source, ast.Call) and getattr(source.func, "id", None) == "zip" and path:
        path = path[1:]
    return path


def _follow(node: ast.expr | None, path: list[int]) -> ast.expr | None:
    for i in path:
        node = _item(node, i)
    return node


def _table_choice(tree: ast.Module, call: ast.Call, activation: str, runs: int) -> int | None:
    """Where the function a call makes (``runs`` times) was chosen, when it is taken from a table written in the
    file and named for ``activation``:

    - looked up by a written key, ``ACT["output"](z)``: the table's entry for that key, when no other lookup of
      the function asks for that key (the entry is wrong for that layer); when others do (every layer asks for
      ``ACT["hidden"]``), or the key is the activation's own name (``ACT["relu"][0](z)``): the call;
    - bound by a loop over a table around the call, ``for W, b, f in zip(Ws, bs, fns): a = f(W @ a + b)``: the
      table's last row, which the last layer, the output, took; only when the call ran once a row and the
      table is changed nowhere;
    - an attribute of the layer object set from its constructor, ``self.activation(z)``, every layer built in
      one written list walked in its order, ``[Dense(W1, b1, sigmoid), ..., Dense(W3, b3, sigmoid)]``, each
      called once: the last constructor call."""
    func, keys = call.func, []
    while isinstance(func, ast.Subscript) and isinstance(func.slice, ast.Constant):
        keys.insert(0, func.slice.value)
        func = func.value
    fn = _innermost_function(tree, call.lineno)
    if keys and isinstance(func, ast.Name):
        table = _literal(tree, fn, func.id)
        entry = _item(table, keys[0])
        if entry is None or not _named_for(_follow(entry, keys[1:]), activation) or not _unchanged(tree, func.id):
            return None
        named = isinstance(keys[0], str) and any(w in keys[0].lower() for w in NAMED_FOR[activation])
        uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == func.id]
        lookups = [n for n in ast.walk(tree) if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and
                   n.value.id == func.id and isinstance(n.slice, ast.Constant)]
        asked = [n for n in lookups if n.slice.value == keys[0]]
        if runs != 1:
            return None
        if named:  # the call asks for the activation by its name
            return call.lineno
        # every use of the table a lookup by a written key (none computed, passed on, walked)
        if len(lookups) != len(uses) - 1:
            return None
        if len(asked) == 1:
            return entry.lineno
        mine = [n for n in asked if _innermost_function(tree, n.lineno) is fn]
        return call.lineno if len(mine) == len(asked) else None  # every layer of this function asks for it
    if isinstance(func, ast.Name) and fn is not None and not keys:
        found = _last_item(tree, fn, func.id, call)
        return found[0].lineno if found is not None and found[2] == runs and _named_for(found[1], activation) \
            else None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self" and not keys:
        if fn is None or any(isinstance(n, (ast.If, ast.IfExp)) and any(c is call for c in ast.walk(n))
                             for n in _own_nodes(fn)):
            return None  # applied under a test (a class's ``squash = True``): the test may choose, not the list
        cls = next((c for c in ast.walk(tree) if isinstance(c, ast.ClassDef) and
                    c.lineno <= call.lineno <= (c.end_lineno or c.lineno)), None)
        init = next((f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None) \
            if cls is not None else None
        if init is None:
            return None
        params = [a.arg for a in init.args.posonlyargs + init.args.args][1:]
        sets = [st for st in ast.walk(init) if isinstance(st, ast.Assign) and len(st.targets) == 1 and
                isinstance(st.targets[0], ast.Attribute) and st.targets[0].attr == func.attr and
                isinstance(st.targets[0].value, ast.Name) and st.targets[0].value.id == "self"]
        if len(sets) != 1 or not isinstance(sets[0].value, ast.Name) or sets[0].value.id not in params:
            return None
        builds = [c for c in ast.walk(tree) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and
                  c.func.id == cls.name]
        # one written list of every layer, set once to a name that a ``for`` walks as it is
        holder = next((st for st in ast.walk(tree) if isinstance(st, ast.Assign) and len(st.targets) == 1 and
                       isinstance(st.targets[0], ast.Name) and isinstance(st.value, (ast.List, ast.Tuple)) and
                       [id(e) for e in st.value.elts] == [id(b) for b in builds]), None)
        walked = holder is not None and _unchanged(tree, holder.targets[0].id) and any(
            isinstance(loop, ast.For) and isinstance(loop.iter, ast.Name) and loop.iter.id == holder.targets[0].id
            for loop in ast.walk(tree))
        if len(builds) < 2 or len(builds) != runs or not walked:
            return None
        last = builds[-1]
        given = {k.arg: k.value for k in last.keywords if k.arg}
        position = params.index(sets[0].value.id)
        value = given.get(sets[0].value.id, last.args[position] if position < len(last.args) else None)
        return last.lineno if _named_for(value, activation) else None
    return None


def _flag_site(tree: ast.Module, line: int, site: int | None, activation: str) -> int | None:
    """The call (at ``site``) that chose, by an argument or a default, to make the statement at ``line`` apply
    ``activation``: ``readout(W3, h2, b3, squash=True)`` where ``readout`` returns ``sigmoid(z) if squash
    else z``; ``_dense(x, w, b)`` taking ``activation="relu"`` by default. Only when the statement stands under a
    test of those parameters (or calls one) and the call gives each a written value or leaves its default."""
    fn = _innermost_function(tree, line)
    stmt = _simple_statement(tree, line)
    if site is None or stmt is None or not isinstance(fn, ast.FunctionDef):
        return None
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    defaults = dict(zip(params[::-1], fn.args.defaults[::-1]))
    chosen: set[str] = set()
    tests = [n.test for n in _own_nodes(fn) if isinstance(n, ast.If) and
             any(s is stmt for b in n.body + n.orelse for s in ast.walk(b))]
    tests += [e.test for e in ast.walk(stmt) if isinstance(e, ast.IfExp) and _calls_one(e.body, activation)]
    for test in tests:  # a name that is no parameter (a module's switch) leaves nothing: it may be what chose
        chosen |= _names(test)
    chosen |= {e.func.id for e in ast.walk(stmt) if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and
               e.func.id in params}
    # a layer's number compared with a count (``k <= self.depth``): the count or the comparison, not the call
    if any(isinstance(c, ast.Compare) and any(isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) for op in c.ops)
           for t in tests for c in ast.walk(t)):
        return None
    calls = [c for c in ast.walk(_simple_statement(tree, site) or ast.Pass()) if _called_name(c) == fn.name]
    if not chosen or len(calls) != 1 or any(isinstance(a, ast.Starred) for a in calls[0].args):
        return None
    if params[:1] in (["self"], ["cls"]) and isinstance(calls[0].func, ast.Attribute):
        params = params[1:]  # a method called on its object: the first argument written is the second parameter
    given = {k.arg: k.value for k in calls[0].keywords}
    # a flag the call writes for another parameter (``relu=False``) was meant to choose: the helper may read
    # the wrong one
    passed = {**dict(zip(params, calls[0].args)), **given}
    if any(isinstance(v, ast.Constant) and (type(v.value) in (bool, str) or v.value is None)
           for k, v in passed.items() if k not in chosen):
        return None
    for p in chosen:
        value = passed.get(p)
        if value is None and p not in defaults:
            return None
        if value is not None and not (isinstance(value, (ast.Name, ast.Attribute)) or isinstance(
                value, ast.Constant) and (type(value.value) in (bool, str) or value.value is None)):
            return None  # a number (a layer's index), or a value worked out at the call
    return site


def extra_activation(student: list[tuple], right: list[np.ndarray], outputs: list[np.ndarray], returned: Any,
                     tol: float, unpointable: frozenset[int], text: str,
                     entry: str | None = None) -> tuple[int, str] | None:
    """A function that returns, where the answer returns ``r``, an activation of ``r`` (``sigmoid`` at a
    linear output, ``softmax`` of scores): ``(the line that made that value, the activation)``. Only an
    array of the student's *result* that is none of the answer's values (``right``) and is exactly ``f(r)``
    for one of the arrays the answer *returns* (``outputs``) that ``f`` changes: an intermediate the answer
    does not compute is never judged this way, nor an activation of a wrong value. The line is, in turn:

    - a statement that ran once, holds that value (or its transpose: a row-major forward) and itself
      applies ``f`` (``_applies``), unless it is inside a helper named for ``f`` (``relu_forward``), which
      applies it by right;
    - a statement run once per sample or time step, each run holding that sample's slice of it, that
      applies ``f`` (``preds.append(sigmoid(X[i] @ w + b))``);
    - where the value is made by a statement run for every layer (a helper's ``return``, a closure, a
      lambda) or by a helper named for ``f``: the one statement, run once, that calls that helper and
      holds the value (``outputs = layer(W3, h2, b3)``).

    A statement every layer runs is never the line itself (it is right for the others); a loop over the
    layers that calls it is not pointed at either, nor one that stacks rows (``np.array(rows)``). Files
    written to attack this are in the realistic corpus (``*_act_*``)."""
    def same(a, b):
        return _within(a, b, tol)

    def alike(a, b):  # the same numbers, up to a dropped or added axis of one
        a = np.asarray(a, dtype=float) if isinstance(a, np.ndarray) else None
        return a is not None and a.size == b.size and same(a.reshape(b.shape), b)

    tree = _parsed(text)
    if tree is None:
        return None
    # the result's arrays; then, when none is one activation too many, what the function kept of its own that
    # the answer returns (``hs`` in an RNN's cache, while the check compared only ``P``)
    kept = [rec[3] for rec in student if rec[1] != "return" and not rec[1].startswith("return[")]
    with np.errstate(all="ignore"):
        # each activation of each returned array, made once: (activation, r, f(r)), by shape
        images: dict[tuple, list[tuple[str, np.ndarray, np.ndarray]]] = {}
        for r in outputs:
            if r.ndim >= 1:
                for name, f in ACTIVATIONS.items():
                    fr = f(r)
                    if fr is not None and not same(r, fr):
                        images.setdefault(r.shape, []).append((name, r, fr))
        for values in (list(_arrays(returned)), kept):
            for out in values:
                out = np.asarray(out, dtype=float) if isinstance(out, np.ndarray) and out.dtype.kind in "biuf" \
                    else None
                if out is None or out.size < 2 or out.shape not in images or not np.all(np.isfinite(out)) or \
                        any(same(out, r) for r in right if r.shape == out.shape):
                    continue
                for name in ACTIVATIONS:
                    hit = next((r for n, r, fr in images[out.shape] if n == name and same(out, fr)), None)
                    if hit is None:
                        continue
                    line = _activation_line(student, out, hit, name, unpointable, tree, text, entry, same, alike)
                    return None if line is None else (line, name)
    return None


def _activation_line(student, out, r, name, unpointable, tree, text, entry, same, alike) -> int | None:
    """``extra_activation``'s line for the student's ``out``, which is activation ``name`` of the answer's
    ``r`` (see there)."""
    def holds(v):
        v = np.asarray(v, dtype=float) if isinstance(v, np.ndarray) and v.dtype.kind in "biuf" else None
        return v is not None and (same(v, out) or v.ndim == 2 and v.shape[::-1] == out.shape and same(v.T, out))

    def by_right(line: int) -> bool:
        """In a helper named for the activation (``relu_forward``): it applies it by right."""
        helper = _helper_of(tree, line, entry)
        return helper is not None and any(w in helper.lower() for w in NAMED_FOR[name])

    def applies_here(line: int) -> bool:
        """The statement itself applies the activation, not by its caller's choice, nor by right."""
        return line not in unpointable and _applies(text, line, name) and not _chooses(tree, line) and \
            not by_right(line)

    at = next((i for i, rec in enumerate(student) if holds(rec[3])), None)
    # ``r`` itself made by the same activation (``scores = softmax(logits)`` then ``P = softmax(scores)``):
    # which of the two is the extra one is the student's meaning, which values cannot tell
    if any(rec[0] not in unpointable and isinstance(rec[3], np.ndarray) and rec[3].shape == r.shape and
           same(rec[3], r) and _applies(text, rec[0], name) for rec in student[:at]):
        return None
    if at is not None:
        made = student[at]
        # the activation taken from a table, a loop over one, a layer object's constructor: where it was chosen
        for rec in [made] + [rec for rec in student[at + 1:] if holds(rec[3])]:
            stmt = _simple_statement(tree, rec[0])
            for c in (c for c in ast.walk(stmt) if isinstance(c, ast.Call)) if stmt is not None else ():
                runs = max(r[4] for r in student if r[0] == rec[0])  # ``acts[3]`` is one item of three runs
                line = _table_choice(tree, c, name, runs)
                if line is not None:
                    return line
        if _chooses(tree, made[0]):
            return _flag_site(tree, made[0], _call_site(student, at, holds, _function_spans(tree), made[0], tree,
                                                        unpointable), name)
        if made[4] == 1 and not by_right(made[0]):
            if applies_here(made[0]):
                return made[0]
        elif _fills_an_item(tree, made[0]) and isinstance(made[2], np.ndarray) and made[2].shape == out.shape and \
                any(size == made[4] and alike(np.take(made[2], 0, axis=k), np.take(out, 0, axis=k))
                    for k, size in enumerate(out.shape)):
            # ``outputs[:, j] = sigmoid(...)`` once per sample: its first run filled the first slice
            return made[0] if applies_here(made[0]) else None
        elif _applies(text, made[0], name) or by_right(made[0]):
            return _call_site(student, at, holds, _function_spans(tree), made[0], tree, unpointable)
    # made one slice of ``out`` (along one of its axes) per sample or time step: a statement run once for
    # each, holding the first slice first and the last last; or one that appended each as ``rows[i]``
    slices: list[tuple[int, dict[int, Any], int]] = []  # (line, {index: value}, how many it made)
    items: dict[tuple[int, str], dict[int, Any]] = {}
    for rec in student[:at]:
        m = re.fullmatch(r"(.+)\[(\d+)\]", rec[1])
        if m is not None:
            items.setdefault((rec[0], m.group(1)), {})[int(m.group(2))] = rec[3]
        elif rec[4] >= 2:
            slices.append((rec[0], {0: rec[2], -1: rec[3]}, rec[4]))
    slices += [(line, got, len(got)) for (line, _), got in items.items() if sorted(got) == list(range(len(got)))]
    for line, got, n in slices:
        for k, size in enumerate(out.shape):
            if size != n or n < 2:
                continue
            if all(alike(v, np.take(out, i, axis=k)) for i, v in got.items()) and \
                    not all(alike(v, np.take(r, i, axis=k)) for i, v in got.items()) and applies_here(line):
                return line
    return None


def swapped_activation(student: list[tuple], right: list[np.ndarray], tol: float, unpointable: frozenset[int],
                       text: str) -> tuple[int, str, str] | None:
    """A forward that applies another activation than the answer's to a right value (``np.tanh(Z1)`` where the
    answer takes ``sigmoid(Z1)``): ``(the line, the activation it applies, the answer's)``. Only a statement
    that ran once (or, run for every layer or time step, on its first run), applies that activation itself, and holds ``g(v)`` for one of the answer's arrays ``v``
    where the answer holds ``f(v)`` and the student never does (one who makes ``sigmoid(Z1)`` another way
    keeps a right value), and whose value is read later (not a printout's); ``g(v)`` is none of the answer's
    values. None unless exactly one statement does."""
    def same(a, b):
        return isinstance(a, np.ndarray) and a.dtype.kind == "f" and _within(a, b, tol)

    def stacked(arrays) -> dict[tuple, np.ndarray]:
        """The float arrays by shape, each shape's stacked: one comparison per shape, not one per array."""
        by: dict[tuple, list] = {}
        for a in arrays:
            if isinstance(a, np.ndarray) and a.dtype.kind == "f" and a.size:
                by.setdefault(a.shape, []).append(a)
        return {shape: np.stack(group) for shape, group in by.items()}

    def held(x: np.ndarray, pool: dict[tuple, np.ndarray]) -> bool:
        group = pool.get(x.shape)
        if group is None or not np.all(np.isfinite(x)):
            return False
        with np.errstate(invalid="ignore"):
            gap = np.abs(group - x).reshape(len(group), -1).max(axis=1)
        return bool(np.any(gap <= tol * max(1.0, float(np.max(np.abs(x), initial=0.0)))))  # ``_within``, stacked

    # a statement run for every layer or time step is judged on its first run, whose inputs were the answer's
    theirs_pool = stacked(right)
    mine = stacked([rec[3] for rec in student] + [rec[2] for rec in student if rec[4] > 1])
    found = set()
    with np.errstate(all="ignore"):
        for v in right:
            if not isinstance(v, np.ndarray) or v.dtype.kind != "f" or v.size < 2 or not np.all(np.isfinite(v)):
                continue
            images = {name: f(v) for name, f in ACTIVATIONS.items()}
            images = {name: x for name, x in images.items() if x is not None and not same(x, v)}
            theirs = [name for name, x in images.items() if held(x, theirs_pool)]
            if not theirs or any(held(images[name], mine) for name in theirs):
                continue
            for name, x in images.items():
                if name in theirs:
                    continue
                for rec in student:
                    if rec[0] not in unpointable and same(rec[3] if rec[4] == 1 else rec[2], x) and \
                            _applies(text, rec[0], name) and _read_later(text, rec[0], rec[1]) and \
                            _layer_output(text, rec[0], rec[1]):
                        found.add((rec[0], name, theirs[0]))
    return found.pop() if len(found) == 1 else None


def _layer_output(text: str, line: int, name: str) -> bool:
    """The value ``name`` set at ``line`` is used as a layer's output: a later statement of its function
    multiplies it by a matrix (``H @ W2``, ``np.dot(h, W)``), returns it, keeps it (``hs.append(h)``,
    ``cache["H"] = H``) or is the statement's own loop again (``h`` read by the next step). Not a piece of a
    hand-written activation (``pos = np.maximum(Z1, 0)`` read by ``np.exp(-pos)``)."""
    tree = _parsed(text)
    fn = _innermost_function(tree, line) if tree is not None else None
    if fn is None or "." in name or "[" in name:
        return False

    def its(node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id == name

    for n in _own_nodes(fn):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult) and (its(n.left) or its(n.right)):
            return True
        if isinstance(n, ast.Call) and _called_name(n) in ("dot", "matmul", "append", "stack", "vstack",
                                                          "hstack", "column_stack") and \
                any(its(a) for a in [*n.args, getattr(n.func, "value", None)]):
            return True
        if isinstance(n, ast.Return) and n.value is not None and any(its(v) for v in ast.walk(n.value)):
            return True
        if isinstance(n, (ast.Assign, ast.AnnAssign)) and isinstance(n.value, (ast.Name, ast.Dict, ast.Tuple,
                                                                               ast.List)) and \
                any(its(v) for v in ast.walk(n.value)) and n.lineno > line:
            return True
    return False


def _read_later(text: str, line: int, name: str) -> bool:
    """The name a statement sets is read after it in the same function (or the statement is a ``return``):
    a value kept for a printout or a check (``tanh_out = np.tanh(Z2)`` never used) makes nothing wrong."""
    tree = _parsed(text)
    if tree is None:
        return False
    if name == "return" or name.startswith("return["):
        return True
    base = re.split(r"[\[.]", name)[0]
    start, end = _enclosing(tree, line)
    return any(isinstance(n, ast.Name) and n.id == base and isinstance(n.ctx, ast.Load) and line < n.lineno <= end
               for n in ast.walk(tree))


#: names a statement may read that are no value of the student's (modules, builtins)
BUILTIN_NAMES = frozenset({"np", "numpy", "math", "float", "int", "len", "range", "sum", "abs", "max", "min",
                           "zip", "enumerate", "list", "tuple", "dict", "round"})


def scaled_loss_line(student: list[tuple], value: Any, outputs: list[np.ndarray], unpointable: frozenset[int],
                     tree: ast.Module) -> int | None:
    """Where a loss that is a whole multiple (or a whole fraction) of the answer's is made: the first traced
    statement, run once, that holds the student's returned loss and itself sums, averages or divides
    (``loss = -logp[rows, y].sum()`` for ``.mean()``; ``return loss / N`` for ``/ (N * T)``). Later statements
    only pass that value on, so the count is chosen there. None when the ratio is no whole number or no such
    statement is traced, or when the right loss is made too and another value returned (that return is the
    mistake, which values cannot tell from a right one)."""
    mine = [a for a in _arrays(value) if a.size == 1]
    theirs = [a for a in outputs if a.size == 1]
    if not mine or not theirs:
        return None
    s, r = float(mine[0].ravel()[0]), float(theirs[0].ravel()[0])
    if not (np.isfinite(s) and np.isfinite(r)) or r == 0.0 or s == 0.0:
        return None
    k = max(s / r, r / s)
    if k < 1.5 or abs(k - round(k)) > 1e-6 * k:
        return None
    statements = {n.lineno: n for n in ast.walk(tree) if isinstance(n, ast.stmt)}

    def normalises(node: ast.AST | None) -> bool:
        return node is not None and any(
            isinstance(b, ast.BinOp) and isinstance(b.op, ast.Div) or isinstance(b, ast.AugAssign) and
            isinstance(b.op, ast.Div) or isinstance(b, ast.Call) and
            _called_name(b) in ("sum", "mean", "nansum", "nanmean")
            for b in ast.walk(node))

    def scalar(v: Any) -> float | None:
        a = np.asarray(v, dtype=float) if isinstance(v, (np.ndarray, float, int)) else None
        return float(a.ravel()[0]) if a is not None and a.size == 1 else None

    if any(x is not None and np.isclose(x, r, rtol=1e-9, atol=0.0) for rec in student for x in map(scalar, rec[2:4])):
        return None  # the right loss is made too (``loss = loss_sum / N``), and another value returned
    for rec in student:
        v = scalar(rec[2])
        if v is None or rec[4] != 1 or not np.isclose(v, s, rtol=1e-9, atol=0.0):
            continue
        return rec[0] if rec[0] not in unpointable and normalises(statements.get(rec[0])) else None
    return None


def point_values(failures: list, ctx, bank) -> None:
    """A function whose value is wrong (its forward, loss or softmax): the call the check compared, replayed
    traced next to the answer's, and its return statement when all it reads is right (``value_departure``)."""
    source = ctx.student.source
    lines = source.text.splitlines()
    reads, defs, passing, calling = statement_reads(source.text)
    wrong_functions = _wrong_value_functions(failures)
    for spec, fail, result in failures:
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        details = result.details if isinstance(result.details, dict) else {}
        ids = [m for m in result.mistakes if m in VALUE_IDS]
        calls = [c for c in ev.get("last_calls") or [] if not c.on and not c.get and not c.kwargs]
        if not ids or "lines" in details or len(calls) != 1 or \
                any(isinstance(a, Ref) or isinstance(a, (dict, list, tuple)) and _has_ref(a) for a in calls[0].args):
            continue
        if _calls_any(source.text, calls[0].fn, wrong_functions - {calls[0].fn}):
            continue  # predict that calls a forward found wrong: the forward's mistake, never predict's line
        call = calls[0]
        answer = reference_values(bank, call.fn, call.args)
        if answer is None:
            continue
        ref, ref_out, ref_named = answer
        results = ctx.student.batch([replace(call, trace=True, keep=None, digest=False)])
        if len(results) != 1 or not isinstance(results[0], Returned) or results[0].trace_truncated:
            continue
        student = results[0].trace or []
        tol = TOL32 if is_low_precision(results[0].value) else TOL64
        helpers = judge_helpers(student, source.text, bank.ref, tol, frozenset({call.fn}))
        student = [rec for rec in student
                   if not any(v == "right" and a <= rec[0] <= b for v, a, b in helpers.values())]
        doubtful = {n for n, (v, _, _) in helpers.items() if v != "right"}
        blind = {line for line, called in calling.items() if called & doubtful}
        blind |= {line for v, a, b in helpers.values() if v == "unknown" for line in range(a, b + 1)}
        unpointable = defs | passing | frozenset(blind)
        tree = _parsed(source.text)
        fn_node = _function(tree, call.fn) if tree is not None else None
        if fn_node is None:
            continue
        # the arguments the check gave (a default it did not give, eps=1e-8, may be the mistake)
        given = (fn_node.args.posonlyargs + fn_node.args.args)[:len(call.args)]
        args = frozenset(a.arg for a in given)
        # what the answer computes without naming it (``err`` inside ``np.mean((pred - y) ** 2)``) is right too:
        # only a return is ever pointed at this way, so such a value cannot make an earlier line look wrong
        ref = ref + call_subexpressions(bank, call.fn, call.args)
        line = value_departure(student, ref, tol, reads, unpointable, _top_returns(source.text, [call.fn]), args,
                               ref_named)
        label, text = "the first value of yours that differs from the model answer's", \
            "your values first differ from the model answer's here"
        if line is None and "wrong-loss" in ids:
            line = scaled_loss_line(student, results[0].value, ref_out, unpointable, tree)
            label = text = "your loss is a whole multiple of the model answer's: here it is summed, or divided by " \
                "another count, instead of averaged over every prediction"
        if line is None and "wrong-forward" in ids:
            extra = extra_activation(student, ref, ref_out, results[0].value, tol, defs | passing, source.text,
                                     call.fn)
            swapped = swapped_activation(student, ref, tol, unpointable, source.text) if extra is None else None
            if extra is not None:
                line, label = extra[0], f"applies {extra[1]} to a value the model answer returns as it is"
            elif swapped is not None:
                line, label = swapped[0], f"applies {swapped[1]} where the model answer applies {swapped[2]}"
            else:
                continue
            text = label
        if line is None or not 0 < line <= len(lines):
            continue
        p = Pointed(line, source.where(line), lines[line - 1].strip()[:160], ids[0], label)
        details["lines"] = [_entry(p, source)]
        result.details = details
        result.message += f"; {p.where}: `{p.code}`: {text}"


def _wrong_value_functions(failures: list) -> set[str]:
    """The functions whose own value check failed with a value mistake named (``forward`` for wrong-forward)."""
    out = set()
    for spec, fail, result in failures:
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        calls = [c for c in ev.get("last_calls") or [] if not c.on and not c.get]
        if any(m in VALUE_IDS for m in result.mistakes) and len(calls) == 1 and isinstance(calls[0].fn, str):
            out.add(calls[0].fn)
    return out


def _calls_any(text: str, function: str, names: set[str]) -> bool:
    """The module-level function ``function`` calls one of ``names`` by name."""
    tree = _parsed(text)
    fn = _function(tree, function) if tree is not None and names else None
    return fn is not None and any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in names
                                  for n in ast.walk(fn))


def point_overflow(failures: list, ctx) -> None:
    """``unstable-softmax``: the call the check made, replayed traced, and the one statement that takes ``exp``
    of a function's own argument as given (no row maximum subtracted on the way) and gives an infinite or
    NaN value there. A shift on an earlier line (``s = z - z.min()``) leaves no such statement: not pointed."""
    source = ctx.student.source
    lines = source.text.splitlines()
    tree = _parsed(source.text)
    if tree is None:
        return
    places = _raw_exps(tree)
    if not places:
        return
    # each place's function: its ``def`` line and argument names (what the trace records there)
    places_args = {fn.lineno: tuple(a.arg for a in fn.args.posonlyargs + fn.args.args)
                   for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef)}
    for spec, fail, result in failures:
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        details = result.details if isinstance(result.details, dict) else {}
        calls = [c for c in ev.get("last_calls") or [] if not c.on and not c.get]
        if "unstable-softmax" not in result.mistakes or details.get("lines") or not calls or \
                any(isinstance(a, Ref) or isinstance(a, (dict, list, tuple)) and _has_ref(a)
                    for a in list(calls[-1].args) + list(calls[-1].kwargs.values())):
            continue
        results = ctx.student.batch([replace(calls[-1], trace=True, keep=None, digest=False)])
        if len(results) != 1 or not isinstance(results[0], Returned):
            continue
        trace = results[0].trace or []
        bad = [rec for rec in trace if any(isinstance(v, np.ndarray) and v.dtype.kind == "f" and
                                           not np.all(np.isfinite(v)) for v in rec[2:4])]
        # an overflow the function recovers from (a sigmoid's exp(-z) of a large z gives 0) is not the place,
        # nor one of logits its caller shifted (each row's minimum or maximum made 0: ``Z - Z.min()``)
        shifted = {rec[0] for rec in trace if isinstance(rec[2], np.ndarray) and rec[2].ndim >= 1 and
                   rec[2].size and np.all(np.isfinite(rec[2])) and rec[1] in places_args.get(rec[0], ()) and
                   (np.all(rec[2].min(axis=-1) == 0) or np.all(rec[2].max(axis=-1) == 0))}
        hit = sorted({rec[0] for rec in bad if rec[0] in places and any(
            r[1].startswith("return") and places[rec[0]][0] <= r[0] <= places[rec[0]][1] for r in bad)
            and places[rec[0]][0] not in shifted})
        if len(hit) != 1 or not 0 < hit[0] <= len(lines):
            continue
        _attach(result, [_static(source, lines, hit[0], "unstable-softmax",
                                 "exp overflows here: subtract each row's maximum before exp")], source)


def point_shapes(failures: list, ctx) -> None:
    """``shape-mismatch`` with the same numbers in an extra axis (``(1, 4)`` for ``(4,)``): the calls the check
    made, replayed traced, and each statement that makes an array of that shape the function returns, from
    inputs none of which has a singleton axis (``np.sum(dZ, axis=0, keepdims=True)``). Where an input
    already had one (``error.reshape(-1, 1)`` on an earlier line), the axis came from elsewhere: not
    pointed."""
    source = ctx.student.source
    lines = source.text.splitlines()
    reads, defs, passing, _ = statement_reads(source.text)

    def extra_axis(result) -> bool:
        want, got = _shape_text(result.expected), _shape_text(result.got)
        return want is not None and got is not None and len(got) == len(want) + 1 and 1 in got and \
            [n for n in got if n != 1] == [n for n in want if n != 1]

    tree = _parsed(source.text)
    if tree is None:
        return
    for result, calls, results in _replayed(failures, ctx, "shape-mismatch", last=True, wanted=extra_axis):
        want, got = _shape_text(result.expected), _shape_text(result.got)
        if any(r.trace_truncated for r in results):
            continue
        returned = [a for r in results for a in _arrays(r.value) if a.shape == got]
        records = [rec for r in results for rec in r.trace or []]
        # names (a dict's, a list's, an object's whole name for its items) that held an array with a singleton axis
        singleton = {re.split(r"[\[.]", rec[1], maxsplit=1)[0] for rec in records for v in rec[2:4]
                     if isinstance(v, np.ndarray) and v.ndim >= 2 and 1 in v.shape}
        called = {c.fn for c in calls}
        helper_returns = {line for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and f.name not in called
                          for line in range(f.lineno, (f.end_lineno or f.lineno) + 1)}
        found = sorted({rec[0] for rec in records
                        if rec[0] not in defs and rec[0] not in passing and 0 < rec[0] <= len(lines)
                        and not (rec[1].startswith("return") and rec[0] in helper_returns)
                        and isinstance(rec[3], np.ndarray) and rec[3].shape == got
                        and any(np.array_equal(rec[3], a, equal_nan=True) for a in returned)
                        and not reads.get(rec[0], frozenset()) & singleton})
        if not found:
            continue
        pointed = [_static(source, lines, line, "shape-mismatch",
                           f"makes an array of shape {got} where the contract's has {want}: an extra axis "
                           "(keepdims, reshape or a (1, n) start)") for line in found]
        _attach(result, pointed, source)


def point_reshapes(failures: list, ctx) -> None:
    """``transposed-gradient`` hidden by a reshape: ``(delta.T @ a).reshape(W.shape)`` or ``dW.reshape(...)``
    where what is reshaped is a non-square matrix and the result has its shape reversed. A reshape cannot
    transpose: it keeps the numbers in order and scrambles them, so that line is wrong whatever else is.
    The shapes come from the calls the check made, replayed traced (first and last pass alike)."""
    source = ctx.student.source
    lines = source.text.splitlines()
    tree = _parsed(source.text)
    if tree is None:
        return
    sites = [(st, node) for st in ast.walk(tree) if isinstance(st, (ast.Assign, ast.AugAssign, ast.Return))
             for node in ast.walk(st) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr == "reshape"]
    if not sites:
        return
    for result, _, results in _replayed(failures, ctx, "transposed-gradient"):
        records = [rec for r in results for rec in r.trace or []]
        by_name: dict[str, list[tuple[int, tuple]]] = {}
        at_line: dict[int, list[tuple]] = {}
        for rec in records:
            pair = tuple(v.shape if isinstance(v, np.ndarray) else None for v in rec[2:4])
            by_name.setdefault(rec[1], []).append((rec[0], pair))
            at_line.setdefault(rec[0], []).append(pair)
        found = set()
        for st, call in sites:
            # a name's shapes where it was last set before this statement, in the same function (one name
            # may hold a (4, 3) product on one line and a (3, 4) one on another)
            start = _enclosing(tree, st.lineno)[0]
            shapes = {}
            for name, seen in by_name.items():
                before = [line for line, _ in seen if start <= line < st.lineno]
                if before:
                    shapes[name] = [pair for line, pair in seen if line == max(before)]
            inner = _shapes_of(call.func.value, shapes)
            outs = at_line.get(st.lineno, [])
            for pair in inner:
                if any(_scrambled(a, b) for out in outs for a, b in zip(pair, out)):
                    found.add(call.lineno)  # the reshape's own line: one entry of a dict written over several
        found = {line for line in found if 0 < line <= len(lines)}
        if not found:
            continue
        pointed = [_static(source, lines, line, "transposed-gradient",
                           "reshapes a matrix to its transposed shape: a reshape keeps the numbers in order and "
                           "scrambles them; take the product in the other order (or transpose)")
                   for line in sorted(found)]
        _attach(result, pointed, source)


def point_diagonal_jacobian(failures: list, ctx) -> None:
    """``softmax-diagonal-jacobian``: the statement that multiplies by ``p * (1 - p)`` where ``p``, in the calls
    the check made (replayed traced), holds probabilities: rows of more than one entry in [0, 1] summing to
    1, a softmax's output. That is the sigmoid's derivative, which for a softmax keeps only the Jacobian's
    diagonal. A sigmoid's ``s * (1 - s)`` never has such rows, and is left alone."""
    source = ctx.student.source
    lines = source.text.splitlines()
    tree = _parsed(source.text)
    if tree is None:
        return
    sites = [(st, name) for st in ast.walk(tree) if isinstance(st, (ast.Assign, ast.AugAssign, ast.Return))
             for name in _one_minus_products(st.value, whole=True)]
    if not sites:
        return
    for result, _, results in _replayed(failures, ctx, "softmax-diagonal-jacobian"):
        records = [rec for r in results for rec in r.trace or []]
        ran = {rec[0] for rec in records}
        found = set()
        for st, name in sites:  # a statement that ran, ``p`` as its own function held it
            start, end = _enclosing(tree, st.lineno)
            held = [v for rec in records if rec[1] == name and start <= rec[0] <= end
                    for v in rec[2:4] if isinstance(v, np.ndarray)]
            if st.lineno in ran and held and all(_probabilities(v) for v in held) and 0 < st.lineno <= len(lines):
                found.add(st.lineno)
        found = sorted(found)
        if not found:
            continue
        pointed = [_static(source, lines, line, "softmax-diagonal-jacobian",
                           "multiplies by p * (1 - p), the sigmoid's derivative: for a softmax that keeps only the "
                           "Jacobian's diagonal") for line in found]
        _attach(result, pointed, source)


def _one_minus_products(node: ast.AST | None, whole: bool = False) -> set[str]:
    """Names ``p`` for which ``node`` multiplies ``p`` by ``(1 - p)`` (in any order, within one product);
    ``whole``: only when that product is all of ``node`` (not one term of the full Jacobian's
    ``dP * P * (1 - P) - P * (...)``)."""
    out: set[str] = set()
    if node is None:
        return out
    for b in ([node] if whole else ast.walk(node)):
        if not (isinstance(b, ast.BinOp) and isinstance(b.op, ast.Mult)):
            continue
        factors, todo = [], [b]
        while todo:
            f = todo.pop()
            if isinstance(f, ast.BinOp) and isinstance(f.op, ast.Mult):
                todo += [f.left, f.right]
            else:
                factors.append(f)
        names = {f.id for f in factors if isinstance(f, ast.Name)}
        for f in factors:
            if isinstance(f, ast.BinOp) and isinstance(f.op, ast.Sub) and isinstance(f.left, ast.Constant) and \
                    f.left.value == 1 and isinstance(f.right, ast.Name) and f.right.id in names:
                out.add(f.right.id)
    return out


def _probabilities(v: np.ndarray) -> bool:
    """Rows of more than one entry, each in [0, 1], each row summing to 1."""
    return v.ndim >= 1 and v.shape[-1] > 1 and v.size > 0 and v.dtype.kind == "f" and bool(
        np.all(np.isfinite(v)) and np.all(v >= 0) and np.all(v <= 1) and np.allclose(v.sum(axis=-1), 1.0, atol=1e-6))


#: a one-operation program's operation, and the method of the student's class that makes it
OPERATION_METHODS = {"tanh": "tanh", "exp": "exp", "relu": "relu", "pow": "__pow__"}
LOCAL_MISTAKES = frozenset({"wrong-activation-derivative", "wrong-local-derivative"})


def point_local_methods(failures: list, ctx) -> None:
    """A ``Value`` engine whose one-operation graph (``x0.tanh()``, ``a ** 3``) gets a wrong gradient
    (``wrong-activation-derivative``, ``wrong-local-derivative``): the one statement of that operation's
    method that gives the input its gradient: a ``x.grad = / +=`` (in the method or its backward closure), a
    ``lambda`` holding the local derivative, or the method's only statement (``return Value._node(...,
    (1 - t ** 2,))``). Not when it calls a function of the student's (a helper decides), nor when the method
    has several such statements (which one is wrong is not known)."""
    source = ctx.student.source
    lines = source.text.splitlines()
    tree = _parsed(source.text)
    if tree is None:
        return
    own = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)} | _lambdas(source.text)
    for spec, fail, result in failures:
        details = result.details if isinstance(result.details, dict) else {}
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        ops = (ev.get("inputs") or {}).get("ops") if isinstance(ev.get("inputs"), dict) else None
        if not set(result.mistakes) & LOCAL_MISTAKES or details.get("lines") or not isinstance(ops, list) or \
                len(ops) != 1 or not ops[0] or OPERATION_METHODS.get(str(ops[0][0])) is None:
            continue
        name = OPERATION_METHODS[str(ops[0][0])]
        methods = [m for c in tree.body if isinstance(c, ast.ClassDef) for m in c.body
                   if isinstance(m, ast.FunctionDef) and m.name == name]
        if len(methods) != 1:
            continue
        method = methods[0]
        body = [st for st in method.body if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant))]
        found = set()
        for st in ast.walk(method):
            if not isinstance(st, ast.stmt) or isinstance(st, (ast.FunctionDef, ast.If, ast.For, ast.While, ast.With)):
                continue
            targets = st.targets if isinstance(st, ast.Assign) else [st.target] \
                if isinstance(st, (ast.AugAssign, ast.AnnAssign)) else []
            if any(isinstance(t, ast.Attribute) and t.attr == "grad" for t in targets) or \
                    any(isinstance(n, ast.Lambda) for n in ast.walk(st)):
                found.add(st)
        if not found and len(body) == 1 and isinstance(body[0], (ast.Return, ast.Assign)):
            found = {body[0]}
        if len(found) != 1:
            continue
        st = found.pop()
        called = {c.func.id for c in ast.walk(st) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
        if called & own or not 0 < st.lineno <= len(lines):
            continue
        mistake = next(m for m in result.mistakes if m in LOCAL_MISTAKES)
        _attach(result, [_static(source, lines, st.lineno, mistake,
                                 f"gives the input of `{name}` its gradient: the local derivative here is not "
                                 f"{name}'s")], source)


def _scrambled(a: tuple | None, b: tuple | None) -> bool:
    """A non-square matrix of shape ``a`` reshaped to ``b``, its transposed shape."""
    return a is not None and b is not None and len(a) == 2 and a[0] != a[1] and tuple(b) == (a[1], a[0])


def _shapes_of(node: ast.AST, shapes: dict[str, list[tuple]]) -> list[tuple]:
    """The (first, last) shapes an expression of names, ``.T`` and ``@`` (``np.dot``) had in the trace."""
    if isinstance(node, ast.Name):
        return [p for p in shapes.get(node.id, []) if all(s is not None for s in p)]
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return [tuple(s[::-1] for s in p) for p in _shapes_of(node.value, shapes)]
    pair = None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        pair = (node.left, node.right)
    elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "dot" and len(node.args) == 2:
        pair = (node.args[0], node.args[1])
    if pair is None:
        return []
    out = []
    for left in _shapes_of(pair[0], shapes):
        for right in _shapes_of(pair[1], shapes):
            both = []
            for a, b in zip(left, right):
                if len(a) == 2 and len(b) == 2 and a[1] == b[0]:
                    both.append((a[0], b[1]))
            if len(both) == 2:
                out.append(tuple(both))
    return out


def _shape_text(text: str | None) -> tuple[int, ...] | None:
    """``"(1, 4)"`` as a shape, or None."""
    try:
        value = ast.literal_eval(text or "")
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(value, tuple) and all(isinstance(n, int) and not isinstance(n, bool) for n in value):
        return value
    return None


def _raw_exps(tree: ast.Module) -> dict[int, tuple[int, int]]:
    """Lines of statements that call ``exp`` (``np.exp``, ``math.exp``, ``exp``) on an expression of their
    function's arguments as given (``np.exp(Z)``, ``np.exp(-z)``), not on a name computed inside the function
    nor on an argument the function assigns again; each with its function's lines."""
    out: dict[int, tuple[int, int]] = {}
    for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        changed = {t.id for n in ast.walk(fn) if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))
                   for tgt in (n.targets if isinstance(n, ast.Assign) else [n.target])
                   for t in ast.walk(tgt) if isinstance(t, ast.Name)}
        args = {a.arg for a in fn.args.posonlyargs + fn.args.args} - changed  # ``Z = Z - Z.min()``: not as given
        body = [st for st in fn.body if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant))]
        if len(body) == 1 and isinstance(body[0], ast.Return) and _calls_exp(body[0].value):
            continue  # a bare exp wrapper (``def _exp(z): return np.exp(z)``): what its caller hands it decides
        for st in fn.body:
            for node in ast.walk(st):
                if not (_calls_exp(node) and node.args):
                    continue
                names = _names(node.args[0])
                if names and names <= args:
                    stmt = next((s for s in ast.walk(st) if isinstance(s, ast.stmt)
                                 and s.lineno <= node.lineno <= (s.end_lineno or s.lineno)
                                 and not isinstance(s, (ast.For, ast.While, ast.If, ast.With, ast.Try))), None)
                    out[stmt.lineno if stmt is not None else node.lineno] = (fn.lineno, fn.end_lineno or fn.lineno)
    return out


def _minimum(node: ast.AST) -> bool:
    """``Z.min(...)``, ``np.min(Z, ...)``, ``np.amin``, the builtin ``min(row)``, or one of them indexed or
    reshaped (``Z.min(axis=1)[:, None]``, ``.reshape(N, 1)``); a mean too (``Z.mean(...)``, ``np.mean``):
    logits shifted by it still overflow, as the largest stays far above it."""
    if isinstance(node, ast.Subscript):
        return _minimum(node.value)
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Attribute) and node.func.attr == "reshape":
        return _minimum(node.func.value)
    return (isinstance(node.func, ast.Attribute) and node.func.attr in ("min", "amin", "mean")) or \
        (isinstance(node.func, ast.Name) and node.func.id == "min" and len(node.args) == 1)


def _exp_of_argument(tree: ast.Module) -> dict[str, set[int]]:
    """The module's functions that hand one of their arguments, as given, to ``exp`` (``np.exp(z)``): the
    positions of those arguments."""
    out: dict[str, set[int]] = {}
    for fn in tree.body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        params = [x.arg for x in fn.args.posonlyargs + fn.args.args]
        changed = {t.id for t in ast.walk(fn) if isinstance(t, ast.Name) and not isinstance(t.ctx, ast.Load)}
        for c in ast.walk(fn):
            if _calls_exp(c) and c.args and isinstance(c.args[0], ast.Name) and c.args[0].id in params and \
                    c.args[0].id not in changed:
                out.setdefault(fn.name, set()).add(params.index(c.args[0].id))
    return out


def min_shifts(tree: ast.Module) -> list[tuple[int, str]]:
    """Logits shifted by their minimum and handed, as they are, to ``exp``: ``(the minimum's line, its
    function)``. The shifted value (``Z - Z.min(...)``, or the name it is kept in, ``Z -= ...``) goes
    straight into ``np.exp`` in the same function, or into a function of the module that hands that
    argument to ``exp`` as given (``_exp(Z - shift)``; ``softmax(logits)`` of an ``np.exp(z)``), with the
    name not set again on the way (a maximum subtracted next). A module-level function's only: a shift
    whose value is transformed before its ``exp`` (a mean subtracted: the minimum changes nothing) is not
    one. A mean is taken as a minimum here (``_minimum``)."""
    raw = _exp_of_argument(tree)
    out = []
    for fn in tree.body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        mins: dict[str, int] = {}  # the minimum's text, or the name it is kept in -> its statement's line
        shifts: list[tuple[ast.stmt, ast.AST, str, list[str]]] = []  # (statement, shifted, minimum, names kept)
        for st in ast.walk(fn):
            if not isinstance(st, ast.stmt) or isinstance(st, (ast.FunctionDef, ast.For, ast.While, ast.If,
                                                               ast.With, ast.Try)):
                continue
            if isinstance(st, ast.Assign) and _minimum(st.value):
                mins.update({ast.dump(ast.Name(id=t.id, ctx=ast.Load())): st.lineno
                             for t in st.targets if isinstance(t, ast.Name)})
            for node in ast.walk(st):
                if _minimum(node):
                    mins.setdefault(ast.dump(node), st.lineno)
        for st in ast.walk(fn):
            if isinstance(st, ast.AugAssign) and isinstance(st.op, ast.Sub) and isinstance(st.target, ast.Name) \
                    and ast.dump(st.value) in mins:
                shifts.append((st, st, ast.dump(st.value), [st.target.id]))
            elif isinstance(st, ast.stmt) and not isinstance(st, (ast.FunctionDef, ast.For, ast.While, ast.If)):
                for sub in ast.walk(st):
                    if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Sub) and ast.dump(sub.right) in mins:
                        kept = [t.id for t in st.targets if isinstance(t, ast.Name)] \
                            if isinstance(st, ast.Assign) and st.value is sub else []
                        shifts.append((st, sub, ast.dump(sub.right), kept))
        for st, sub, minimum, kept in shifts:
            later = [n.lineno for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id in kept and
                     not isinstance(n.ctx, ast.Load) and n.lineno > st.lineno]
            for c in ast.walk(fn):
                if not isinstance(c, ast.Call) or not c.args:
                    continue
                if _calls_exp(c):
                    handed = [c.args[0]]
                elif isinstance(c.func, ast.Name) and c.func.id in raw:
                    handed = [c.args[i] for i in raw[c.func.id] if i < len(c.args)]
                else:
                    continue
                if any(h is sub or (isinstance(h, ast.Name) and h.id in kept and c.lineno >= st.lineno and
                                    not any(st.lineno < x <= c.lineno for x in later)) for h in handed):
                    out.append((mins[minimum], fn.name))
    return sorted(set(out))


def _callers(tree: ast.Module, name: str) -> set[str]:
    """``name`` and the module's functions that call it, directly or through others."""
    calls = {fn.name: {c.func.id for c in ast.walk(fn) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
             for fn in tree.body if isinstance(fn, ast.FunctionDef)}
    found, todo = {name}, [name]
    while todo:
        here = todo.pop()
        for fn, called in calls.items():
            if here in called and fn not in found:
                found.add(fn)
                todo.append(fn)
    return found


def _squared(node: ast.AST) -> bool:
    """``h ** 2``, ``h * h``, ``np.square(h)``, ``np.power(h, 2)``."""
    if isinstance(node, ast.BinOp):
        return (isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant) and node.right.value == 2) or \
            (isinstance(node.op, ast.Mult) and ast.dump(node.left) == ast.dump(node.right))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "square" or (node.func.attr == "power" and len(node.args) == 2 and
                                              isinstance(node.args[1], ast.Constant) and node.args[1].value == 2)
    return False


def _tanh_slope(node: ast.AST) -> bool:
    """An expression holding tanh's derivative: ``1 - h ** 2`` (``h * h``, ``np.square(h)``), or a call of a
    helper named for it (``dtanh(h)``, ``tanh_grad_from_sq(s)``)."""
    for n in ast.walk(node):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub) and isinstance(n.left, ast.Constant) and \
                n.left.value == 1 and _squared(n.right):
            return True
        if isinstance(n, ast.Call):
            name = _called_name(n) or ""
            if "tanh" in name.lower() and _derivative_name(name):
                return True
    return False


def _pure_product(node: ast.AST) -> bool:
    """``a @ W.T``, ``np.dot(a, W.T)``, ``a.dot(W.T)``, ``np.matmul(a, W.T)`` of plain names, items and
    attributes: nothing else multiplies it."""
    def plain(n: ast.AST) -> bool:
        n = n.value if isinstance(n, ast.Attribute) and n.attr == "T" else n
        return isinstance(n, (ast.Name, ast.Attribute, ast.Subscript))

    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return plain(node.left) and plain(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("dot", "matmul"):
        args = list(node.args) if len(node.args) == 2 else [node.func.value, *node.args]
        return len(args) == 2 and all(plain(x) for x in args)
    return False


def _slot(node: ast.AST) -> str | None:
    """What a value is kept in: a name (``dh_next``), a name's attribute (``st.dh_next``) or item of a written
    key (``g["h_next"]``)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
            isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, (str, int)):
        return f"{node.value.id}[{node.slice.value!r}]"
    return None


def carry_after_derivative(tree: ast.Module) -> list[int]:
    """In a loop back through time, the statement that adds the gradient carried from the next step
    (``dh_next``, or an item of a written key, ``g["h_next"]``: set before the loop, read in it before it is
    set again there, to a plain product with a weight, ``da @ Whh.T``) to a term tanh's derivative was
    already applied to: ``da = dh_out * (1 - h ** 2) + dh_next``, or ``da = ...`` then ``da += dh_next``. The
    carry must go through the derivative too; a carry multiplied by anything else (the previous step's
    derivative: right with this form) is not one. Files written to attack this rule are in the realistic
    corpus (``rnn_carry_*``)."""
    out = []
    for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        for loop in (n for n in ast.walk(fn) if isinstance(n, (ast.For, ast.While))):
            before = {_slot(t) for st in ast.walk(fn) if isinstance(st, (ast.Assign, ast.AnnAssign)) and
                      st.lineno < loop.lineno
                      for tgt in (st.targets if isinstance(st, ast.Assign) else [st.target])
                      for t in ast.walk(tgt) if _slot(t) is not None}
            body = [st for st in ast.walk(loop) if isinstance(st, (ast.Assign, ast.AugAssign))]
            sets: dict[str, list[ast.stmt]] = {}
            for st in body:
                for t in st.targets if isinstance(st, ast.Assign) else [st.target]:
                    if _slot(t) is not None:
                        sets.setdefault(_slot(t), []).append(st)
            carries = set()
            for name, assigns in sets.items():
                reads = [n.lineno for n in ast.walk(loop) if isinstance(n, (ast.Name, ast.Subscript, ast.Attribute)) and
                         _slot(n) == name and isinstance(n.ctx, ast.Load)]
                if name in before and len(assigns) == 1 and isinstance(assigns[0], ast.Assign) and \
                        _pure_product(assigns[0].value) and reads and min(reads) < assigns[0].lineno:
                    carries.add(name)

            def sloped(expr: ast.AST, line: int) -> bool:
                """``expr`` holds tanh's derivative, itself or through a name's last setting before ``line``."""
                if _tanh_slope(expr):
                    return True
                for n in ast.walk(expr):
                    if isinstance(n, ast.Name) and n.id not in carries:
                        prior = [st for st in sets.get(n.id, []) if st.lineno < line]
                        if prior and isinstance(prior[-1], ast.Assign) and _tanh_slope(prior[-1].value):
                            return True
                return False

            for st in body:
                if isinstance(st, ast.AugAssign) and isinstance(st.op, ast.Add) and isinstance(st.target, ast.Name) \
                        and _slot(st.value) in carries and sloped(st.target, st.lineno):
                    out.append(st.lineno)
                elif isinstance(st, ast.Assign) and isinstance(st.value, ast.BinOp) and \
                        isinstance(st.value.op, ast.Add):
                    terms, stack = [], [st.value]
                    while stack:
                        n = stack.pop()
                        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add):
                            stack += [n.left, n.right]
                        else:
                            terms.append(n)
                    if any(_slot(t) in carries for t in terms) and \
                            any(sloped(t, st.lineno) for t in terms if _slot(t) not in carries):
                        out.append(st.lineno)
    return sorted(set(out))


def point_carry_after_derivative(failures: list, ctx) -> None:
    """``wrong-activation-derivative`` no check placed (none: a check that did shows where it is), in a file
    with one statement that adds the gradient carried back through time after tanh's derivative was applied
    (``carry_after_derivative``): that line."""
    named = [r for _, _, r in failures if "wrong-activation-derivative" in r.mistakes and not r.passed]
    if not named or any(isinstance(r.details, dict) and r.details.get("lines") for r in named):
        return
    source = ctx.student.source
    tree = _parsed(source.text)
    found = carry_after_derivative(tree) if tree is not None else []
    lines = source.text.splitlines()
    if len(found) != 1 or not 0 < found[0] <= len(lines):
        return
    for result in named:
        _attach(result, [_static(source, lines, found[0], "wrong-activation-derivative",
                                 "adds the gradient carried from the next time step after tanh's derivative was "
                                 "applied: add it first, then multiply by the derivative")], source)


def point_min_shift(failures: list, ctx) -> None:
    """``unstable-softmax`` no other rule placed, in a file with one shift of logits by their minimum handed
    to ``exp`` as it is (``min_shifts``): that line, when every check that named it called the function of
    the shift or one that calls it (a softmax that fails on its own is the place, not a caller's harmless
    shift before it). Not when there are several. Files written to attack this rule are in the realistic
    corpus (``*_min_*``)."""
    todo = [r for _, _, r in failures if "unstable-softmax" in r.mistakes and not r.passed and
            not (r.details.get("lines") if isinstance(r.details, dict) else None)]
    if not todo:
        return
    source = ctx.student.source
    tree = _parsed(source.text)
    found = min_shifts(tree) if tree is not None else []
    lines = source.text.splitlines()
    if len(found) != 1 or not 0 < found[0][0] <= len(lines):
        return
    line, function = found[0]
    callers = _callers(tree, function)
    named = [r for _, _, r in failures if "unstable-softmax" in r.mistakes and not r.passed]
    if any(r.function not in callers for r in named):
        return
    for result in todo:
        _attach(result, [_static(source, lines, line, "unstable-softmax",
                                 "shifts by the minimum: the largest logit still overflows exp; subtract each "
                                 "row's maximum")], source)


def _calls_exp(node: ast.AST | None) -> bool:
    """``np.exp(...)``, ``math.exp(...)`` or ``exp(...)``."""
    return isinstance(node, ast.Call) and (getattr(node.func, "attr", None) == "exp" or
                                           getattr(node.func, "id", None) == "exp")


def _has_ref(value: Any, depth: int = 0) -> bool:
    if isinstance(value, Ref):
        return True
    if depth > 3:
        return False
    items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ()
    return any(_has_ref(v, depth + 1) for v in items)


#: what a training function's learning-rate argument is usually called (when the course declares no position)
RATE_NAMES = ("lr", "learning_rate", "eta", "alpha", "step_size")


def _function(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    return next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name), None)


def _rate_name(fn: ast.FunctionDef, position: int | None) -> str | None:
    args = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    if position is not None and position < len(args):
        return args[position]
    return next((a for a in args if a in RATE_NAMES), None)


def _constants(tree: ast.Module, fn: ast.FunctionDef) -> set[str]:
    """Names bound to a written number: module-level constants and the function's arguments' defaults."""
    out = {t.id for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
           and isinstance(n.value.value, (int, float)) for t in n.targets if isinstance(t, ast.Name)}
    args = fn.args.posonlyargs + fn.args.args
    for a, d in zip(args[len(args) - len(fn.args.defaults):], fn.args.defaults):
        if isinstance(d, ast.Constant) and isinstance(d.value, (int, float)):
            out.add(a.arg)
    return out


def _body_statements(fn: ast.FunctionDef) -> list[ast.stmt]:
    """The function's own statements (not those of functions defined inside it), in order."""
    out, todo = [], list(fn.body)
    while todo:
        node = todo.pop(0)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        out.append(node)
        for field in ("body", "orelse", "finalbody", "handlers"):
            todo.extend(getattr(node, field, []) or [])
    return sorted(out, key=lambda n: n.lineno)


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def rate_line(text: str, function: str, position: int | None) -> int | None:
    """Where training does not use the learning rate it was given: the statement that replaces the argument
    (``lr = LEARNING_RATE``), else the one step that multiplies by a written constant instead
    (``p - ETA * g``). None when neither is there, or when several steps do (the grader does not choose)."""
    tree = _parsed(text)
    if tree is None:
        return None
    fn = _function(tree, function)
    if fn is None:
        return None
    lr = _rate_name(fn, position)
    statements = _body_statements(fn)
    for node in statements:  # a new value that is not made from the one given (lr = float(lr) is harmless)
        if lr and isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == lr for t in node.targets) \
                and lr not in _names(node.value):
            return node.lineno
    constants = _constants(tree, fn) - {lr}
    steps = [node.lineno for node in statements if isinstance(node, (ast.Assign, ast.AugAssign))
             and any(isinstance(b, ast.BinOp) and isinstance(b.op, ast.Mult) and
                     ({getattr(b.left, "id", None), getattr(b.right, "id", None)} & constants)
                     for b in ast.walk(node.value))]
    return steps[0] if len(steps) == 1 else None


def _training_function(text: str, function: str, position: int | None) -> tuple | None:
    """The student's parsed file, its training function ``function`` and the name of its learning-rate
    argument (at ``position``, else by its usual names), or None."""
    tree = _parsed(text)
    fn = _function(tree, function) if tree is not None else None
    lr = _rate_name(fn, position) if fn is not None else None
    return (tree, fn, lr) if lr is not None else None


def decay_line(text: str, function: str, position: int | None) -> int | None:
    """Where training changes its learning rate from one pass to the next (``step = step * 0.9``,
    ``step = lr / (1 + epoch)``, ``lr *= 0.99``): the one statement inside a loop that assigns a rate (the
    one given, or a name made of it, numbers, constants and loop variables alone), reading that name itself
    or a loop's variable. None when there is not exactly one."""
    found = _training_function(text, function, position)
    if found is None:
        return None
    tree, fn, lr = found
    loops = [n for n in _body_statements(fn) if isinstance(n, (ast.For, ast.While))]
    loop_vars = {n.id for loop in loops if isinstance(loop, ast.For) for n in ast.walk(loop.target)
                 if isinstance(n, ast.Name)}
    modules = {a.asname or a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
               for a in n.names}
    plain = loop_vars | _constants(tree, fn) | modules  # what a rate may be made of, besides rates
    ones = {t.id for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
            and n.value.value in (0, 1) and not isinstance(n.value.value, bool)
            for t in n.targets if isinstance(t, ast.Name)}  # ``LR_DECAY = 1.0``: a schedule switched off
    rates = {lr}

    def assigns_rate(node: ast.stmt) -> set[str]:
        if not isinstance(node, (ast.Assign, ast.AugAssign)):
            return set()
        targets = [node.target] if isinstance(node, ast.AugAssign) else node.targets
        names = {t.id for t in targets if isinstance(t, ast.Name)}
        reads = _names(node.value) | (names if isinstance(node, ast.AugAssign) else set())
        if len(names) != len(targets) or not reads & rates or not reads <= rates | plain:
            return set()
        return names

    for node in _body_statements(fn):
        rates |= assigns_rate(node)
    found = set()
    for loop in loops:
        varying = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)} if isinstance(loop, ast.For) \
            else set()
        conditional = {n.lineno for st in loop.body for c in ast.walk(st) if isinstance(c, (ast.If, ast.Try))
                       for n in ast.walk(c) if isinstance(n, ast.stmt) and n is not c}
        for node in (n for st in loop.body for n in ast.walk(st) if isinstance(n, (ast.Assign, ast.AugAssign))):
            names = assigns_rate(node)
            reads = _names(node.value) | (names if isinstance(node, ast.AugAssign) else set())
            if not names or not (reads & names or reads & varying) or node.lineno in conditional or \
                    any(isinstance(n, ast.IfExp) for n in ast.walk(node.value)) or reads & ones:
                continue  # a schedule that may not run, or that multiplies by a constant 1 (switched off)
            found.add(node.lineno)
    return found.pop() if len(found) == 1 else None


def factor_lines(text: str, function: str, position: int | None) -> list[int]:
    """Where training scales the learning rate it was given down by a written number, once and for all.
    Either a statement before the loop that sets a rate to a written fraction of it (``lr = lr / 2``,
    ``step = 0.5 * lr``, ``lr /= 2``; the name set nowhere else) which the loop then reads, or else
    each step ``p = p - c * lr * g`` (``p -= ...``, ``{k: p[k] - ... for k in p}``) whose product is the
    rate, written numbers below 1 in all and one gradient (a name or an item). A step is a statement that
    changes what it subtracts from (an ``Armijo`` bound ``losses[-1] - 0.5 * lr * gsq`` is not one); a
    larger number (``2 * r``, a square's derivative written inline) is not a scale. Empty when there is
    none. Files written to attack this rule are in the realistic corpus (``*_rate_*``)."""
    found = _training_function(text, function, position)
    if found is None:
        return []
    tree, fn, lr = found
    loops = [n for n in ast.walk(fn) if isinstance(n, (ast.For, ast.While))]
    if not loops:
        return []
    first = min(loop.lineno for loop in loops)
    in_loops = {id(n) for loop in loops for n in ast.walk(loop)}
    stores = [t.id for t in ast.walk(fn) if isinstance(t, ast.Name) and not isinstance(t.ctx, ast.Load)]
    rates = {lr} | {t.id for st in _body_statements(fn) if isinstance(st, ast.Assign) and id(st) not in in_loops
                    and isinstance(st.value, ast.Name) and st.value.id == lr
                    for t in st.targets if isinstance(t, ast.Name)}

    def number(node: ast.AST) -> bool:
        return isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value not in (0, 1)

    def shrinks(factors: list) -> bool:
        """Written numbers whose product is below 1 (``/ 2``, ``0.5 *``)."""
        nums = [float(f.value) ** p for f, p in factors if number(f)]
        return bool(nums) and 0.0 < float(np.prod(nums)) < 1.0

    def scaled_rate(value: ast.AST) -> str | None:
        """The rate a product of one rate and numbers scales down, or None."""
        factors: list = []
        if not _factors(value, factors, constant_divisors=True) or not shrinks(factors):
            return None
        named = [f.id for f, p in factors if isinstance(f, ast.Name) and f.id in rates and p == 1]
        rest = [f for f, _ in factors if not number(f) and not (isinstance(f, ast.Name) and f.id in rates)]
        return named[0] if len(named) == 1 and not rest else None

    scaled: dict[str, int] = {}  # a rate set before the loop to a fraction of one -> that line
    for st in _body_statements(fn):
        if id(st) in in_loops or st.lineno >= first:
            continue
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name) and \
                scaled_rate(st.value) is not None:
            scaled[st.targets[0].id] = st.lineno
        elif isinstance(st, ast.AugAssign) and isinstance(st.target, ast.Name) and st.target.id in rates and \
                isinstance(st.op, (ast.Mult, ast.Div)) and number(st.value) and \
                shrinks([(st.value, 1 if isinstance(st.op, ast.Mult) else -1)]):
            scaled[st.target.id] = st.lineno
    scaled = {n: line for n, line in scaled.items() if stores.count(n) == 1}

    used, steps = set(), []
    for st in (n for n in ast.walk(fn) if isinstance(n, (ast.Assign, ast.AugAssign)) and id(n) in in_loops):
        targets = {_base_name(t) for t in (st.targets if isinstance(st, ast.Assign) else [st.target])} - {None}
        if isinstance(st, ast.AugAssign):
            pairs = [(st.target, st.value)] if isinstance(st.op, ast.Sub) else []
        else:
            pairs = [(n.left, n.right) for n in ast.walk(st.value)
                     if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub)]
        for left, product in pairs:
            if _base_name(left) not in targets and not (isinstance(st.value, (ast.DictComp, ast.ListComp)) and
                                                  {_base_name(left)} & {n.id for n in ast.walk(st.value) if
                                                                  isinstance(n, ast.Name)} & targets):
                continue  # not a step: it does not change what it subtracts from
            factors: list = []
            if not _factors(product, factors, constant_divisors=True):
                continue
            named = [f.id for f, p in factors if isinstance(f, ast.Name) and (f.id in rates or f.id in scaled)]
            rest = [f for f, _ in factors if not number(f) and not (isinstance(f, ast.Name) and
                                                                     (f.id in rates or f.id in scaled))]
            if len(named) != 1 or len(rest) != 1 or not isinstance(rest[0], (ast.Name, ast.Subscript)):
                continue
            if named[0] in scaled:
                used.add(scaled[named[0]])
            elif shrinks(factors):
                steps.append(st.lineno)
    read = {n.id for loop in loops for n in ast.walk(loop) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    used |= {line for n, line in scaled.items() if n in read}  # read in the loop (``step = lr if ... else ...``)
    return sorted(used) if used else sorted(set(steps))


def step_line(text: str, function: str, position: int | None, ascent: bool = False) -> int | None:
    """The one statement of a training function that steps with the learning rate it was given (reads it in
    arithmetic and assigns); None when there is not exactly one. ``ascent``: only if that statement itself
    adds the step (``p += lr * g``, ``p + lr * g``): a sign turned elsewhere is not its doing."""
    found = _training_function(text, function, position)
    if found is None:
        return None
    tree, fn, lr = found
    steps = _rate_statements(_body_statements(fn), lr)
    if len(steps) != 1:
        return None
    node = steps[0]
    if ascent and not _adds_rate(node, lr):
        return None
    return node.lineno


def _in_loops(fn: ast.FunctionDef, tree: ast.Module | None = None) -> list[ast.stmt]:
    """The function's own statements that stand inside one of its loops, in order; with the module's
    ``tree``, only those that surely run (``_unsure``)."""
    inside = {id(n) for loop in ast.walk(fn) if isinstance(loop, (ast.For, ast.While)) for n in ast.walk(loop)}
    unsure = _unsure(fn, tree) if tree is not None else set()
    return [st for st in _body_statements(fn) if id(st) in inside and id(st) not in unsure]


_UNKNOWN = object()


def _fold(node: ast.AST, consts: dict[str, Any]) -> Any:
    """The value of a test made of written values and module names set once to one (``SIGN_ONLY``,
    ``OPTIMIZER == "adam"``, ``not DEBUG and MODE != 2``); ``_UNKNOWN`` for anything else."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return consts.get(node.id, _UNKNOWN)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        v = _fold(node.operand, consts)
        return _UNKNOWN if v is _UNKNOWN else not v
    if isinstance(node, ast.BoolOp):
        values = [_fold(v, consts) for v in node.values]
        if any(v is _UNKNOWN for v in values):
            return _UNKNOWN
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and \
            isinstance(node.ops[0], (ast.Eq, ast.NotEq, ast.Is, ast.IsNot, ast.In, ast.NotIn)):
        a, b = _fold(node.left, consts), _fold(node.comparators[0], consts)
        if a is _UNKNOWN or b is _UNKNOWN:
            return _UNKNOWN
        op = node.ops[0]
        try:
            return {ast.Eq: lambda: a == b, ast.NotEq: lambda: a != b, ast.Is: lambda: a is b,
                    ast.IsNot: lambda: a is not b, ast.In: lambda: a in b, ast.NotIn: lambda: a not in b}[type(op)]()
        except TypeError:
            return _UNKNOWN
    if isinstance(node, (ast.Tuple, ast.List)):
        values = [_fold(v, consts) for v in node.elts]
        return _UNKNOWN if any(v is _UNKNOWN for v in values) else tuple(values)
    return _UNKNOWN


def _unsure(fn: ast.FunctionDef, tree: ast.Module) -> set[int]:
    """The statements of ``fn`` (by ``id``) that may not run: under an ``if`` whose test is not surely true
    (for its body) or surely false (for its ``else``). A switch the module sets once at its top level, and
    nowhere else (``SIGN_ONLY = False``, ``OPTIMIZER = "momentum"``; not one set again under an ``if`` or
    through ``global``), is read, so a step in a branch that never runs is never the line."""
    consts = _switches(tree)
    out: set[int] = set()
    for node in _own_nodes(fn):
        if not isinstance(node, ast.If):
            continue
        v = _fold(node.test, consts)
        branches = [node.body, node.orelse] if v is _UNKNOWN else [node.orelse] if v else [node.body]
        out |= {id(n) for branch in branches for st in branch for n in ast.walk(st)}
    return out


@lru_cache(maxsize=32)
def _switches(tree: ast.Module) -> dict[str, Any]:
    """The module's names set once, at its top level, to a written value, and bound nowhere else: what a
    test may read as known (``_unsure``). Once per module, whatever asks."""
    counts: dict[str, int] = {}  # every binding of a name anywhere in the module (a ``global`` counts twice)
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For, ast.comprehension)) else []
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name):
                    counts[n.id] = counts.get(n.id, 0) + 1
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            for n in node.names:
                counts[n] = counts.get(n, 0) + 2
    return {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) for t in node.targets
            if isinstance(t, ast.Name) and counts.get(t.id) == 1}


def _rate_statements(statements: list[ast.stmt], lr: str) -> list[ast.stmt]:
    """The assignments among ``statements`` that read the rate ``lr`` in arithmetic (the steps, and what else
    computes with the rate)."""
    return [st for st in statements if isinstance(st, (ast.Assign, ast.AugAssign))
            and any(isinstance(b, ast.BinOp) and lr in _names(b) for b in ast.walk(st.value))]


COUNT_CALLS = frozenset({"float", "int"})


def _count(node: ast.AST, assigned: dict[str, list[ast.AST]], module: dict[str, float | None],
           depth: int = 0) -> bool:
    """A number of samples: written numbers, ``len(...)``, ``.shape[...]``, ``.size``, their products, and
    names set only to such; a name the function does not set is an argument, or a module's number other
    than 1 (``/ LOSS_SCALE`` with ``LOSS_SCALE = 1.0`` divides nothing). A clipping factor
    (``max(1, norm / c)``) is not one."""
    if depth > 4:
        return False
    if isinstance(node, ast.Constant):
        return type(node.value) in (int, float)
    if isinstance(node, ast.Name):
        values = assigned.get(node.id)
        if values is None:
            return node.id not in module or module[node.id] not in (None, 1.0)
        return all(_count(v, assigned, module, depth + 1) for v in values)
    if isinstance(node, ast.Attribute):
        return node.attr in ("size", "shape")
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Attribute) and node.value.attr == "shape"
    if isinstance(node, ast.Call):
        callee = getattr(node.func, "id", None)
        return callee == "len" or callee in COUNT_CALLS and \
            all(_count(a, assigned, module, depth + 1) for a in node.args)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Add, ast.Sub)):
        return _count(node.left, assigned, module, depth + 1) and _count(node.right, assigned, module, depth + 1)
    return False


def _module_numbers(tree: ast.Module) -> dict[str, float | None]:
    """Each name the module sets at its top level: its written number, or None when it is set to anything else."""
    return {t.id: (float(n.value.value) if isinstance(n.value, ast.Constant) and type(n.value.value) in (int, float)
                   else None)
            for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}


#: the value of a name set in a way ``_count`` cannot read (a loop target, ``x += ...``): no count
_NO_COUNT = ast.Pass()


def _assigned_values(fn: ast.FunctionDef) -> dict[str, list[ast.AST]]:
    """Each name the function sets, and the values it is set to (a tuple target's part where it lines up;
    anything else counts as a value that is no count)."""
    out: dict[str, list[ast.AST]] = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    out.setdefault(t.id, []).append(node.value)
                elif isinstance(t, ast.Tuple):  # ``N, D = X.shape``: each is a count
                    shape = node.value if isinstance(node.value, ast.Attribute) and node.value.attr == "shape" \
                        else _NO_COUNT
                    for e in t.elts:
                        if isinstance(e, ast.Name):
                            out.setdefault(e.id, []).extend(_bound_values(t, node.value, e.id) or [shape])
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.comprehension)):
            for n in ast.walk(node.target):
                if isinstance(n, ast.Name):
                    out.setdefault(n.id, []).append(_NO_COUNT)
    return out


def divided_again_lines(text: str, function: str, position: int | None, gradient: str | None = None) -> list[int]:
    """Where training divides the gradient its own backward already averaged (``update-rule`` whose step is
    ``lr / n`` times the student's gradient): the statements in a loop that set a gradient the steps read to
    itself divided by a count (``grads = [g / B for g in grads]``, ``grads = {k: g / len(batch) ...}``,
    ``dW /= N``), or else the one step that divides by a count on its own line (``p - lr * g / N``). A step
    is a statement in a loop that reads the rate in arithmetic and assigns. When both are there, one may be
    the mean of a sum taken in training (right) and the other the mistake: empty, as when there is none.
    A clipping factor is no count. Only a gradient the loop takes from ``gradient`` (the function the step
    factor was measured against: ``grads = backward(...)``, ``dw, db = mse_gradients(...)``) counts: a sum
    training takes on its own is divided rightly."""
    found = _training_function(text, function, position)
    if found is None or gradient is None:
        return []
    tree, fn, lr = found
    assigned, module = _assigned_values(fn), _module_numbers(tree)
    statements = _in_loops(fn, tree)
    steps = _rate_statements(statements, lr)
    if not steps:
        return []
    taken = {n.id for st in statements if isinstance(st, ast.Assign) and isinstance(st.value, ast.Call)
             and getattr(st.value.func, "id", None) == gradient for t in st.targets for n in ast.walk(t)
             if isinstance(n, ast.Name)}
    read = (set().union(*(_names(st.value) for st in steps)) - {lr}) & taken
    if not read:
        return []

    def reciprocal(node: ast.AST) -> bool:
        """A name set only to one over a count (``inv_n = 1.0 / X.shape[0]``)."""
        values = assigned.get(node.id) if isinstance(node, ast.Name) else None
        return bool(values) and all(isinstance(v, ast.BinOp) and isinstance(v.op, ast.Div) and
                                    isinstance(v.left, ast.Constant) and v.left.value == 1 and
                                    _count(v.right, assigned, module) for v in values)

    def by_count(node: ast.AST) -> bool:
        """A division by a count in ``node``, or a product with one over a count, outside any call
        (``max(1, norm / CLIP)`` is a clipping factor)."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _count(node.right, assigned, module):
            return True
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and \
                (reciprocal(node.left) or reciprocal(node.right)):
            return True
        if _called_name(node) in ("divide", "true_divide") and len(node.args) == 2 and \
                _count(node.args[1], assigned, module):  # ``np.divide(g, n)``
            return True
        return not isinstance(node, ast.Call) and any(by_count(n) for n in ast.iter_child_nodes(node))

    def divides_by(call: ast.AST) -> bool:
        """A call of the file's own function that divides one of its parameters by another it is given a
        count for (``grads = batch_mean(grads, N)`` with ``return {k: g / n ...}``)."""
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name) or call.keywords:
            return False
        helper = _function(tree, call.func.id)
        if helper is None:
            return False
        params = [a.arg for a in helper.args.args]
        counts = {params[i] for i, a in enumerate(call.args[:len(params)]) if _count(a, assigned, module)}
        # the division makes what it returns (not a printed ratio behind ``if DEBUG:``)
        unsure = _unsure(helper, tree)
        returns = [n for n in _own_nodes(helper) if isinstance(n, ast.Return) and n.value is not None
                   and id(n) not in unsure]
        fed = set().union(*(_names(r.value) for r in returns)) if returns else set()
        made = [r.value for r in returns] + \
            [st.value for st in _own_nodes(helper) if isinstance(st, ast.Assign) and id(st) not in unsure and
             any(isinstance(t, ast.Name) and t.id in fed for t in st.targets)]
        return bool(counts) and any(isinstance(b, ast.BinOp) and isinstance(b.op, ast.Div) and
                                    isinstance(b.right, ast.Name) and b.right.id in counts
                                    for e in made for b in ast.walk(e))

    again = []
    for st in statements:
        if st in steps:
            continue
        if isinstance(st, ast.AugAssign) and isinstance(st.op, ast.Div) and _base_name(st.target) in read and \
                _count(st.value, assigned, module):
            again.append(st.lineno)
        elif isinstance(st, ast.Assign) and len(st.targets) == 1 and (by_count(st.value) or divides_by(st.value)):
            name = _base_name(st.targets[0])
            if name in read and name in _names(st.value):
                again.append(st.lineno)
    own = [st.lineno for st in steps if by_count(st.value) and _names(st.value) & taken]
    if again and own:
        return []
    return again or (own if len(own) == 1 else [])


def adaptive_step_line(text: str, function: str, position: int | None) -> int | list[int] | None:
    """Where training steps by an adaptive rule instead of ``p - lr * g`` (``update-rule``): the one step
    that divides by the square root of a running sum kept across the loop's passes (Adagrad's
    ``lr * g / np.sqrt(mem + eps)``, RMSprop's): a name set before the loop and only added to or set from
    itself inside it from something that varies (not a counter), its square root the whole divisor
    (``np.sqrt(mem) + eps`` too). A clipping norm summed afresh on each pass (``sq = 0`` in the loop), or
    divided under a ``max``, is no such sum; a step moves what it reads (``p = p - ...``, ``p -= ...``), so a
    logged ratio or a scheduled rate is none. A name the loop sets afresh from such a sum (Adam's
    ``v_hat = v / (1 - beta2 ** t)``) counts as the sum. Else the steps that take the sign of the gradient
    (``p - lr * np.sign(g)``), else the steps that read such a running sum in place of the gradient
    (momentum's ``v = mu * v + g`` then ``p - lr * v``). Several lines only when each moves its own
    parameter (``w`` and ``b``); None when no step does so."""
    found = _training_function(text, function, position)
    if found is None:
        return None
    tree, fn, lr = found
    statements = _in_loops(fn, tree)
    looped = {id(st) for st in _in_loops(fn)}
    before = {_base_name(t) for st in _body_statements(fn) if id(st) not in looped and isinstance(st, ast.Assign)
              for t in st.targets} | \
        {e.id for st in _body_statements(fn) if id(st) not in looped and isinstance(st, ast.Assign)
         for t in st.targets if isinstance(t, ast.Tuple) for e in t.elts if isinstance(e, ast.Name)}

    def fed(st: ast.stmt, name: str | None) -> bool:
        """Added to from something that varies (``mem += g * g``), not a counter (``t += 1``)."""
        return bool(_names(st.value) - {name}) and name is not None

    grows = {_base_name(st.target) for st in statements if isinstance(st, ast.AugAssign)
             and fed(st, _base_name(st.target))} | \
        {_base_name(st.targets[0]) for st in statements if isinstance(st, ast.Assign) and len(st.targets) == 1
         and _base_name(st.targets[0]) in _names(st.value) and fed(st, _base_name(st.targets[0]))}
    afresh = {_base_name(t) for st in statements if isinstance(st, ast.Assign) for t in st.targets
              if _base_name(t) not in _names(st.value)}

    #: ``params = new_params``: what a name is handed on to
    handed = {}
    for st in _body_statements(fn):
        if isinstance(st, ast.Assign) and isinstance(st.value, ast.Name):
            for t in st.targets:
                if isinstance(t, ast.Name):
                    handed.setdefault(st.value.id, set()).add(t.id)

    def changes_itself(st: ast.stmt) -> bool:
        """``p = p - ...``, ``p -= ...``, ``{k: p[k] - ... for k in p}``, ``new[k] = p[k] - ...`` then
        ``p = new``: it moves what it reads (a logged ratio or a scheduled rate ``lr_t = lr / ...`` is no
        step)."""
        if isinstance(st, ast.AugAssign):
            return True
        reads = _names(st.value)
        return any(({_base_name(t)} | handed.get(_base_name(t), set())) & reads for t in st.targets)

    def targets(st: ast.stmt) -> list[ast.expr]:
        return [st.target] if isinstance(st, ast.AugAssign) else st.targets

    steps = [st for st in _rate_statements(statements, lr) if changes_itself(st)]
    # the parameters the steps move grow across the passes too, but are no running sum of the gradient (a
    # residual ``r = y[i] - (X[i] @ w + b)`` read from them is the gradient's own)
    params = {_base_name(t) for st in steps for t in targets(st)}
    running = (grows & before) - afresh - params - {None}
    # set afresh from a running sum on each pass (Adam's bias-corrected ``v_hat = v / (1 - beta2 ** t)``)
    for _ in range(4):  # and on (``update = m_hat / (np.sqrt(v_hat) + eps)``)
        running |= {_base_name(t) for st in statements if isinstance(st, ast.Assign) for t in st.targets
                    if _names(st.value) & running and _base_name(t) not in grows} - {None}

    def root_of_running(node: ast.AST) -> bool:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # np.sqrt(mem) + eps
            return root_of_running(node.left) or root_of_running(node.right)
        return _called_name(node) == "sqrt" and bool(_names(node) & running)

    adaptive = [st.lineno for st in steps if any(isinstance(b, ast.BinOp) and isinstance(b.op, ast.Div)
                                                 and root_of_running(b.right) for b in ast.walk(st.value))]
    def sign_of(node: ast.AST) -> bool:
        return any(isinstance(c, ast.Call) and _called_name(c) == "sign" and _names(c) - {lr} for c in ast.walk(node))

    # the sign taken on a line of its own (``direction = np.sign(g)``), set afresh each pass
    signs = {_base_name(t) for st in statements if isinstance(st, ast.Assign) and sign_of(st.value)
             for t in st.targets} - grows - {None}
    signed = [st.lineno for st in steps if sign_of(st.value) or _names(st.value) & signs]
    carried = [st.lineno for st in steps if (_names(st.value) - {_base_name(t) for t in targets(st)}) & running]
    found = adaptive or signed or carried
    moved = [_base_name(t) for st in steps if st.lineno in found for t in targets(st)]
    if not found or len(set(moved)) != len(moved):
        return None
    return found[0] if len(found) == 1 else found


def _adds_rate(node: ast.stmt, lr: str) -> bool:
    """``p += lr * g`` or ``p + lr * g``: the step is added, on this line."""
    if isinstance(node, ast.AugAssign):
        return isinstance(node.op, ast.Add) and lr in _names(node.value)
    return any(isinstance(b, ast.BinOp) and isinstance(b.op, ast.Add) and lr in _names(b.right) and
               not isinstance(b.right, ast.UnaryOp) for b in ast.walk(node.value))


def state_line(text: str, function: str) -> int | None:
    """Where a function keeps state between calls: its first statement that uses a module-level name it
    declares ``global`` or changes in place (``_grads[k] = ...``); None when it keeps none of its own."""
    tree = _parsed(text)
    if tree is None:
        return None
    fn = _function(tree, function)
    if fn is None:
        return None
    module = {t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
              for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
    declared = {name for n in ast.walk(fn) if isinstance(n, ast.Global) for name in n.names}
    local = {t.id for n in ast.walk(fn) if isinstance(n, (ast.Assign, ast.AugAssign, ast.For))
             for t in ast.walk(n.target if not isinstance(n, ast.Assign) else ast.Tuple(n.targets, ast.Store()))
             if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store)} - declared
    local |= {a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs}
    changed = set()
    for n in ast.walk(fn):
        targets = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, ast.AugAssign) else []
        for t in targets:
            if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                changed.add(t.value.id)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in IN_PLACE and \
                isinstance(n.func.value, ast.Name):
            changed.add(n.func.value.id)
    # state it accumulates into: x += e, x[k] += e, x = x + e, x[k] = x[k] + e (a memo it only fills is harmless)
    grows = set()
    for n in ast.walk(fn):
        if isinstance(n, ast.AugAssign):
            grows |= {x.id for x in ast.walk(n.target) if isinstance(x, ast.Name)}
        elif isinstance(n, ast.Assign):
            for t in n.targets:
                base = t.value if isinstance(t, ast.Subscript) else t
                if isinstance(base, ast.Name) and base.id in _names(n.value):
                    grows.add(base.id)
    state = ((declared | (changed & module)) - local) & grows
    for node in _body_statements(fn):
        if isinstance(node, ast.Global):
            continue
        own = [node.test] if isinstance(node, (ast.If, ast.While)) else \
            [node.iter] if isinstance(node, ast.For) else [node]
        if any(isinstance(x, ast.Name) and x.id in state for part in own for x in ast.walk(part)):
            return node.lineno
    return None


def skip_line(text: str, function: str) -> int | None:
    """Where a training function leaves samples out: its one ``range(n - 1)``, ``range(1, n)`` or ``n // batch``
    (the last partial batch dropped); None when there is not exactly one such statement."""
    tree = _parsed(text)
    if tree is None:
        return None
    fn = _function(tree, function)
    if fn is None:
        return None
    found = set()
    ranged = {n.id for c in ast.walk(fn) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
              and c.func.id == "range" for a in c.args for n in ast.walk(a) if isinstance(n, ast.Name)}
    ceiling = {id(x.operand) for x in ast.walk(fn) if isinstance(x, ast.UnaryOp) and isinstance(x.op, ast.USub)}
    for node in _body_statements(fn):
        own = [node.iter] if isinstance(node, ast.For) else [node.test] if isinstance(node, (ast.If, ast.While)) \
            else [node] if not hasattr(node, "body") else []
        bounds = isinstance(node, ast.For) or (isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ranged for t in node.targets))
        for part in own:
            for x in ast.walk(part):
                if isinstance(x, ast.BinOp) and isinstance(x.op, ast.FloorDiv) and bounds and id(x) not in ceiling:
                    found.add(node.lineno)
                if isinstance(x, ast.Call) and isinstance(x.func, ast.Name) and x.func.id == "range" and x.args:
                    last = x.args[1] if len(x.args) >= 2 else x.args[0]
                    if isinstance(last, ast.BinOp) and isinstance(last.op, ast.Sub) and \
                            isinstance(last.right, ast.Constant) and last.right.value == 1:
                        found.add(node.lineno)
                    if len(x.args) >= 2 and isinstance(x.args[0], ast.Constant) and x.args[0].value == 1 and \
                            len(x.args) == 2:
                        found.add(node.lineno)
    return found.pop() if len(found) == 1 else None


def point_training(failures: list, ctx, bank) -> None:
    """A training function that steps with another rate than it was given (``learning-rate-too-high``), or
    whose step of the student's own gradient has a wrong factor (``update-rule`` judged by ``own_step``):
    its statement."""
    source = ctx.student.source
    lines = source.text.splitlines()
    for spec, fail, result in failures:
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        fn = result.function if isinstance(result.function, str) else None
        details = result.details if isinstance(result.details, dict) else {}
        if fn is None or "lines" in details:
            continue
        position = getattr(bank.module, "RATE_AT", {}).get(fn) if bank is not None else None
        if "learning-rate-too-high" in result.mistakes:
            line, mistake, label = rate_line(source.text, fn, position), "learning-rate-too-high", \
                "steps with another learning rate than the one it is given"
        elif "update-rule" in result.mistakes and isinstance(ev.get("own_step"), float) and ev["own_step"] < 0:
            line, mistake, label = step_line(source.text, fn, position, ascent=True), "update-rule", \
                "steps up the gradient: the step must be minus the learning rate times the gradient"
        elif "update-rule" in result.mistakes and isinstance(ev.get("own_step"), float) and 0 < ev["own_step"] < 1:
            gradient = ev.get("gradient_function") if isinstance(ev.get("gradient_function"), str) else None
            line, mistake, label = divided_again_lines(source.text, fn, position, gradient), "update-rule", \
                "divides the gradient again: your backward already averages over the samples"
        elif "update-rule" in result.mistakes and not isinstance(ev.get("own_step"), float):
            line, mistake, label = adaptive_step_line(source.text, fn, position), "update-rule", \
                "steps by an adaptive rule: plain gradient descent is p - lr * gradient"
        elif "not-converged" in result.mistakes:
            line, mistake, label = decay_line(source.text, fn, position), "not-converged", \
                "changes the learning rate from one pass to the next: step with the rate you are given"
            if line is None:  # no schedule: the rate scaled down by a written number, on one line or each step
                line, label = factor_lines(source.text, fn, position), \
                    "scales the learning rate you are given by a written number: step with the rate as given"
        elif "skips-samples" in result.mistakes:
            line, mistake, label = skip_line(source.text, fn), "skips-samples", "leaves samples out of an epoch"
        elif "stale-gradient-state" in result.mistakes:
            line, mistake, label = state_line(source.text, fn), "stale-gradient-state", \
                "keeps state between calls"
        else:
            continue
        found = line if isinstance(line, list) else [line] if line is not None else []
        if not found or not all(0 < x <= len(lines) for x in found):
            continue
        _attach(result, [_static(source, lines, x, mistake, label) for x in found], source)


#: Where each standard activation's derivative lies, whatever it is computed from: sigmoid' in [0, 1/4],
#: tanh' in [0, 1], ReLU' 0 or 1
DERIVATIVE_RANGE = {"sigmoid": (0.0, 0.25, False), "tanh": (0.0, 1.0, False), "relu": (0.0, 1.0, True)}


def derivative_helpers(text: str) -> list[tuple[str, int, str]]:
    """The helpers named for one standard activation's derivative (``tanh_derivative``, ``relu_prime``,
    ``dsigmoid = lambda a: ...``, module-level) that take one argument and are one expression (a ``return``
    or a ``lambda``): ``(name, the expression's line, the activation)``."""
    tree = _parsed(text)
    found = [(name, line) for name, arg, _, line, body, _ in _one_argument_functions(tree)
             if body is None or _return_alone(name, arg, body)] if tree is not None else []
    out = []
    for name, line in found:
        low = name.lower()
        acts = {act for word, act in _ACTIVATION_WORDS.items() if word in low}
        if _meant_derivative(name) is not None and len(acts) == 1:
            out.append((name, line, acts.pop()))
    return out


#: the functions that are each activation itself, by name (a helper's own activation of its argument)
ACTIVATION_CALLS = {"sigmoid": ("sigmoid", "expit", "logistic"), "tanh": ("tanh",), "relu": ("relu",)}


def _applies_own(name: str, call: ast.AST, arg: str) -> bool:
    """``call`` is the activation ``name`` is the derivative of, applied to ``arg`` as given (``sigmoid(z)``,
    ``np.tanh(z)``; not ``sigmoid_via_tanh(z)``, not ``sigmoid(2 * z)``)."""
    acts = {act for word, act in _ACTIVATION_WORDS.items() if word in name.lower()}
    if len(acts) != 1 or not isinstance(call, ast.Call) or call.keywords or len(call.args) != 1 or \
            not (isinstance(call.args[0], ast.Name) and call.args[0].id == arg):
        return False
    return (_called_name(call) or "").lower() in ACTIVATION_CALLS[acts.pop()]


def _return_alone(name: str, arg: str, body: list[ast.stmt]) -> bool:
    """A helper whose ``return`` alone makes its value: the statements before it are plain assignments, and
    the ``return`` reads only the argument and names set once to the helper's own activation of the argument
    (``s = sigmoid(z)`` in ``sigmoid_derivative``), so a wrong value is that line's (``s * (1 + s)``; ``return
    sigmoid(z)`` after an unused ``e = ...``). A name set again (``s = s * (1 + s)``, ``g[g < 0] = 0``) is
    not one."""
    if not all(isinstance(st, ast.Assign) for st in body[:-1]):
        return False
    stores: dict[str, int] = {}
    for st in body[:-1]:
        for t in st.targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name):
                    stores[n.id] = stores.get(n.id, 0) + 1
    allowed = {arg} if arg not in stores else set()
    for st in body[:-1]:
        if len(st.targets) == 1 and isinstance(st.targets[0], ast.Name) and stores[st.targets[0].id] == 1 and \
                _applies_own(name, st.value, arg):
            allowed.add(st.targets[0].id)
    return (_names(body[-1].value) & (set(stores) | {arg})) <= allowed


def _one_argument_functions(tree: ast.Module):
    """The module's functions of one plain argument that end in a ``return`` of a value, and its lambdas
    of one argument bound to a name: ``(name, argument, def line, the returned expression's line, the body
    without its docstring, the node)``; a lambda's body is None, its node the ``Lambda``."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            a = node.args
            body = [st for st in node.body if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant))]
            if len(a.args) == 1 and not (a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs) and body and \
                    isinstance(body[-1], ast.Return) and body[-1].value is not None:
                yield node.name, a.args[0].arg, node.lineno, body[-1].lineno, body, node
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and \
                isinstance(node.value, ast.Lambda) and len(node.value.args.args) == 1 and \
                not (node.value.args.vararg or node.value.args.kwarg or node.value.args.kwonlyargs):
            yield node.targets[0].id, node.value.args.args[0].arg, node.lineno, node.lineno, None, node.value


def _helper_shapes(tree: ast.Module) -> dict[int, tuple[int, str, bool, set[str]]]:
    """Each derivative helper's facts, by its ``return`` line: ``(its def line, its argument, whether it
    applies its own activation to the argument, the names it calls)``."""
    out = {}
    for name, arg, def_line, line, body, node in _one_argument_functions(tree):
        own = any(_applies_own(name, c, arg) for st in (body if body is not None else [node.body])
                  for c in ast.walk(st))
        calls = {c.func.id for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
        out[line] = (def_line, arg, own, calls)
    return out


#: what each activation gives: a derivative written in its output (``1 - t ** 2``) is right only for these
OUTPUT_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def _out_of_range(span: np.ndarray, activation: str) -> bool:
    """Some value no derivative of ``activation`` can take, at any input (``1 - t`` for tanh' gives 1.6 at
    t = -0.6): a helper that gives it is wrong whatever it was handed (z, the output, exp(-z), h**2).
    ``span`` is what it returned, over every call (``trace.span_of``: smallest, largest, nearest 1/2)."""
    lo, hi, binary = DERIVATIVE_RANGE[activation]
    least, most, middle = (float(x) for x in span)
    if least < lo - 1e-9 or most > hi * (1 + 1e-9) + 1e-12:
        return True
    return binary and 1e-12 < middle < 1.0 - 1e-12


#: a check's calls replayed to see what a derivative helper returns: no more than this many (a training run
#: of a ``Value`` network is a few hundred)
MAX_REPLAYED_CALLS = 600


def point_derivative_helpers(failures: list, ctx) -> None:
    """``wrong-activation-derivative`` that no check could place from the values (a ``Value`` engine's scalar
    helper, a ``lambda``): the calls a failed check made, replayed traced, and each one-expression helper
    named for an activation's derivative that was called there and returned a value that derivative never
    takes (tanh' above 1 or below 0, sigmoid' above 1/4, ReLU' other than 0 or 1). Judged on what it really
    returned, so a right helper written for another argument (``e / (1 + e)**2`` of ``e = exp(-z)``) is never
    the place; a wrong one that stays in range is not found. Nothing when a check already placed the
    mistake elsewhere."""
    named = [(fail, result) for _, fail, result in failures
             if "wrong-activation-derivative" in result.mistakes and not result.passed]
    placed = any(isinstance(r.details, dict) and any(d.get("mistake") == "wrong-activation-derivative"
                                                    for d in r.details.get("lines") or [] if isinstance(d, dict))
                 for _, r in named)
    todo = [(fail, r) for fail, r in named if not (r.details.get("lines") if isinstance(r.details, dict) else None)]
    source = ctx.student.source
    helpers = derivative_helpers(source.text)
    tree = _parsed(source.text)
    named_for = [f for f in (_one_argument_functions(tree) if tree is not None else ())
                 if _meant_derivative(f[0]) is not None]
    if placed or not todo or not named_for:
        return
    lines = source.text.splitlines()
    returned: dict[int, np.ndarray] = {}
    spans: dict[tuple[int, str], np.ndarray] = {}  # what each function was called with, over the replays
    shapes = _helper_shapes(_parsed(source.text))
    failed = {r.function for _, _, r in failures if r.passed is False and isinstance(r.function, str)}
    wrong: list[Pointed] = []
    # the calls of the checks that named it, then of the other failed checks (a training run calls tanh' on
    # outputs of both signs where one local-derivative probe saw one): at most three replays
    others = [(fail, r) for _, fail, r in failures if r.passed is False and all(r is not t for _, t in todo)]
    replays = 0
    for fail, _ in todo + others:
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        calls = list(ev.get("calls") or ev.get("last_calls") or [])
        if not calls or len(calls) > MAX_REPLAYED_CALLS or replays >= 3:
            continue
        replays += 1
        traced = []
        for r in _replay(ctx, calls) or []:
            traced.extend(r.trace or [])
            for rec in r.trace or []:
                if rec[1] == "return" and rec[5] is not None:
                    returned[rec[0]] = joined_span(returned.get(rec[0]), rec[5])
                elif rec[5] is not None:
                    spans[(rec[0], rec[1])] = joined_span(spans.get((rec[0], rec[1])), rec[5])
        bad = [(name, line, act) for name, line, act in helpers
               if 0 < line <= len(lines) and line in returned and _out_of_range(returned[line], act) and
               not _not_its_doing(shapes.get(line), act, spans, failed)]
        if not bad:  # in range, but neither form of the derivative: the line that made its value
            bad = wrong_helper_lines(traced, source.text, failed)
        # a helper that only passes on another flagged helper's value (``dsigmoid(sigmoid(z))``) is not the place
        flagged = {name for name, _, _ in bad}
        wrong = [_static(source, lines, line, "wrong-activation-derivative",
                         f"`{name}` returned a value the derivative of {act} never takes")
                 for name, line, act in bad if not (shapes.get(line, (0, "", False, set()))[3] & (flagged - {name}))]
        if wrong:
            break
    if not wrong:
        return
    for _, result in todo:
        _attach(result, wrong, source)


def wrong_helper_lines(records: list[tuple], text: str, failed: set[str]) -> list[tuple[str, int, str]]:
    """Helpers named for one activation's derivative whose last traced call returned neither form of it
    (of the pre-activation, of the activation's output), though inside its range (``s * (1 + s)`` of
    ``s = sigmoid(z)``; sech for tanh'): ``(name, the line that made the wrong value, the activation)``.
    The line is the ``return``, unless it only passes a name on (``return s``: then where that name was
    set) or reads a value shown wrong, another standard activation of the argument or another's derivative
    (``s = np.tanh(z)`` in a sigmoid'): then where that value was made, and so on back. A value a right
    helper may compute on the way (``s * s``, ``np.sign(z)``, ``np.cosh(a)``) is never blamed, so the line
    is where they are combined. A statement that makes the activation itself is never the line (``g =
    relu(z)`` may be the start of a right helper), and a helper that calls a function of the student's that
    failed its own check is left alone, as is one with a comparison for a statement (``d[z <= 0] == 0``: the
    assignment meant is the line, which repair finds), and one whose value was set by a sum of a product
    (``s = 0.5 * t + 1.0``: brackets repair tries). Files written to attack this are in the realistic corpus."""
    tree = _parsed(text)
    if tree is None:
        return []
    reads, _, passing, calling = statement_reads(text)
    functions = {f[0]: f for f in _one_argument_functions(tree)}
    out = []
    for name, arg, def_line, ret_line, body, node in functions.values():
        meant = _meant_derivative(name)
        acts = {act for word, act in _ACTIVATION_WORDS.items() if word in name.lower()}
        if meant is None or len(acts) != 1 or not _plainly_named(name):
            continue
        if any(isinstance(st, ast.Expr) and isinstance(st.value, ast.Compare) for st in ast.walk(node)):
            continue  # ``d[z <= 0] == 0``: an assignment typed as a comparison, not the line that made ``d``
        act = acts.pop()
        end = getattr(node, "end_lineno", None) or ret_line
        calls = {c.func.id for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
        mine = [rec for rec in records if def_line <= rec[0] <= end]
        x, ret = _last_call(functions[name], mine)
        if calls & failed or not isinstance(x, np.ndarray) or not isinstance(ret, np.ndarray) or \
                x.dtype.kind != "f" or ret.size < 2 or not np.all(np.isfinite(x)):
            continue
        with np.errstate(all="ignore"):
            if any(_gives(f, [x], ret, 1e-6) for f in meant):
                continue
            f_x = ACTIVATION_OF[act](x)
            pool = [x] + [np.asarray(f(x), dtype=float) for f in meant] + ([f_x] if act != "relu" else [])

        def right(v: Any) -> bool:
            return isinstance(v, np.ndarray) and any(p.shape == v.shape and _close(v, p, 1e-6) for p in pool)

        # others: another standard activation of the argument, or another's derivative (``np.tanh(z)`` in a
        # sigmoid'): a value that is shown wrong, not merely one a right helper may compute on the way
        with np.errstate(all="ignore"):
            others = [np.asarray(g(x), dtype=float) for g in STANDARD[:6]] + \
                [np.asarray(g(x), dtype=float) for forms in DERIVATIVES.values() for g in forms]
        # (a constant is none: ``np.ones_like(s)`` is relu' of any positive input)
        others = [o for o in others if o.shape == x.shape and np.all(np.isfinite(o)) and not right(o)
                  and o.size and not np.all(o == o.flat[0])]

        def shown_wrong(v: Any) -> bool:
            return isinstance(v, np.ndarray) and any(o.shape == v.shape and _close(v, o, 1e-6) for o in others)

        def maker(n: str, before: int) -> int | None:
            """The last statement before line ``before`` that set ``n``."""
            return max((rec[0] for rec in mine if rec[1] == n and rec[0] < before and rec[0] != def_line),
                       default=None)

        def calls_verdict(at: int | None) -> bool | int | None:
            """What the functions of the student's that the statement at ``at`` calls say: True when none is
            called or all are right, a wrong one-line one's line, None when one cannot be judged."""
            if at is None:
                return True
            called = calling.get(at, frozenset()) & set(functions)
            verdicts = [_one_argument_verdict(functions[c], records) for c in called]
            wrong = [v for v in verdicts if v is not True]
            return True if not wrong else wrong[0] if len(wrong) == 1 and None not in wrong else None

        line = ret_line
        for _ in range(8):
            held = {}  # what each name held when the statement at ``line`` ran (records in the order made)
            for rec in mine:
                if rec[0] >= line and rec[0] != def_line:
                    break
                held[rec[1]] = rec[3]
            names = sorted(n for n in reads.get(line, frozenset()) if n in held and n != arg)
            if line in passing and len(names) == 1:  # ``return s``: made where ``s`` was set
                line = maker(names[0], line)
            elif any(shown_wrong(held[n]) for n in names):
                line = maker(next(n for n in names if shown_wrong(held[n])), line)
            else:
                # an input made by a call of a function of the student's: that function decides
                wrong = [v for v in (calls_verdict(maker(n, line)) for n in names) if v is not True]
                if wrong:
                    if len(wrong) == 1 and wrong[0] is not None:
                        out.append((name, wrong[0], act))
                    break
                if any(_bracketed(text, maker(n, line)) for n in names):
                    break  # ``s = 0.5 * t + 1.0``: a value whose brackets may be wrong: repair tries them
                made = ret if line == ret_line else next((rec[3] for rec in mine if rec[0] == line), None)
                if line == def_line != ret_line or isinstance(made, np.ndarray) and made.shape == f_x.shape and \
                        _close(made, f_x, 1e-6):
                    break
                # a function of the student's it calls there decides: a wrong one is the place, a right one
                # leaves this line, one that cannot be judged leaves nothing
                verdict = calls_verdict(line)
                if verdict is not None:
                    out.append((name, line if verdict is True else verdict, act))
                break
            if line is None:
                break
    return out


def _bracketed(text: str, line: int | None) -> bool:
    """The statement at ``line`` sets a name to a sum of a product (``0.5 * t + 1.0``): where a bracket may be
    missing, so the line that only combines that value is not shown to be the place."""
    tree = _parsed(text)
    if line is None or tree is None:
        return False
    return any(isinstance(st, ast.Assign) and st.lineno == line and sum_of_product(st.value) for st in ast.walk(tree))


#: each activation a derivative helper may be named for (``_ACTIVATION_WORDS``' values), itself
ACTIVATION_OF = {"sigmoid": logistic, "tanh": np.tanh, "relu": lambda v: np.maximum(v, 0.0)}


#: the words a helper's name may hold for it to say no more than "this activation's derivative"
PLAIN_DERIVATIVE_WORDS = ("derivative", "deriv", "gradient", "grad", "prime", "slope", "backward", "back",
                          "sigmoid", "logistic", "expit", "sigm", "tanh", "relu")


def _plainly_named(name: str) -> bool:
    """A name made of an activation and a derivative word only (``sigmoid_derivative``, ``dtanh``,
    ``relu_prime``): it promises that derivative of its argument, or written with the activation's output.
    One that says more (``tanh_grad_from_sq``: written for the square of the output) may be right for an
    argument its name describes, which values cannot check."""
    rest = name.lower()
    for w in PLAIN_DERIVATIVE_WORDS:
        rest = rest.replace(w, "")
    return re.sub(r"[^a-z]", "", rest) in ("", "d")


def _last_call(function: tuple, records: list[tuple]) -> tuple[Any, Any]:
    """What a one-argument function (``_one_argument_functions``' tuple) was last called with and returned,
    as traced: ``(argument, returned)``, None for either not traced."""
    name, arg, def_line, ret_line, body, node = function
    x = next((rec[3] for rec in reversed(records) if rec[0] == def_line and rec[1] == arg), None)
    ret = next((rec[3] for rec in reversed(records) if rec[0] == ret_line and rec[1] == "return"), None)
    return x, ret


def _one_argument_verdict(function: tuple, records: list[tuple]) -> bool | int | None:
    """A one-argument function of the student's, judged on its last traced call by its name: True when it
    gives what it is named for (an activation, or that activation's derivative in either form), else the
    line of its ``return`` (one expression: that line made the value); None when its name says nothing,
    it was not traced, or its value is made over several statements."""
    name, arg, def_line, ret_line, body, node = function
    x, ret = _last_call(function, records)
    acts = {act for word, act in _ACTIVATION_WORDS.items() if word in name.lower()}
    if not isinstance(x, np.ndarray) or not isinstance(ret, np.ndarray) or len(acts) != 1:
        return None
    meant = _meant_derivative(name)
    if meant is not None and not _plainly_named(name):
        return None
    forms = meant if meant is not None else \
        (ACTIVATION_OF[acts.pop()],)
    with np.errstate(all="ignore"):
        if any(_gives(f, [x], ret, 1e-6) for f in forms):
            return True
    return ret_line if body is None or len(body) == 1 else None


def _not_its_doing(shape: tuple | None, activation: str, spans: dict, failed: set[str]) -> bool:
    """A derivative helper that returned values its derivative never takes, but may be right: it calls a
    function of the student's that failed its own check (``s = sigmoid(z)`` with ``sigmoid`` wrong), or it is
    written in the activation's output (it does not apply the activation itself) and was handed values no
    output takes (``1 - t ** 2`` given ``z / 2``: its caller's mistake)."""
    if shape is None:
        return True
    def_line, arg, own, calls = shape
    if calls & failed:
        return True
    span = spans.get((def_line, arg))
    low_high = OUTPUT_RANGE.get(activation)
    return not own and low_high is not None and span is not None and \
        (span[0] < low_high[0] - 1e-9 or span[1] > low_high[1] + 1e-9)


def describe(pointed: list[Pointed]) -> str:
    """The sentence a report shows. A mutant made from the answer's source is named after the answer's line
    (``line 79: `np.mean` written `np.sum```): that line number is not the student's, and is left out."""
    parts = [f"{p.where}: `{p.code}`: {p.label} ({p.mistake})" if p.static else
             f"{p.where}: `{p.code}`: here your values match the mistake '{_plain_label(p.label)}' ({p.mistake})"
             for p in pointed]
    return "; ".join(parts)


def point_lines(failures: list, ctx, internal_errors: list[str] | None = None, results: list = ()) -> None:
    """The pointing step, after ``name_mistakes``: for each failed check that named a mistake, the student's
    line where it is (``details["lines"]``, and a sentence on the message), when the evidence supports one.

    Several failed gradient checks that point for the same mistake must agree: a line one of them finds and
    another does not (a value that matched a right array by chance on one check's inputs) is dropped."""
    from . import tolerance
    from .mutants import bank as get_bank

    def guarded(step, *args) -> Any:
        try:
            with np.errstate(all="ignore"):
                return step(*args)
        except StudentError:
            return None
        except Exception:  # noqa: BLE001 - a pointing bug must not cost the student
            if internal_errors is not None:
                internal_errors.append(f"pointing ({step.__name__}): {traceback.format_exc(limit=3)}")
            return None

    source = ctx.student.source
    guarded(point_raises, list(results), source)
    guarded(point_mutations, list(results), source)
    guarded(point_overwrites, list(results), source)
    guarded(point_init, failures, ctx)
    bank = None if ctx.student_mode else get_bank(ctx.assignment)
    guarded(point_training, failures, ctx, bank)
    if bank is None:
        for step in AFTER_VALUES:
            guarded(step, failures, ctx)
        guarded(point_repairs, failures, ctx, list(results))
        return
    guarded(point_values, failures, ctx, bank)
    found_by: list[tuple[Any, list[Pointed]]] = []
    for spec, fail, result in failures:
        ev = fail.evidence if isinstance(fail.evidence, dict) else {}
        if not ev.get("calls") or result.passed or "lines" in (result.details if isinstance(result.details, dict)
                                                              else {}):
            continue  # a step above found the line from the file's structure
        found = guarded(point, ctx, spec, fail, result, bank, tolerance(ev))
        if found is not None:
            found_by.append((result, found))
    agreed: dict[str, set[int]] = {}
    for _, found in found_by:
        for mistake in {p.mistake for p in found}:
            lines = {p.line for p in found if p.mistake == mistake}
            agreed[mistake] = agreed[mistake] & lines if mistake in agreed else lines
    for result, found in found_by:
        found = [p for p in found if p.line in agreed.get(p.mistake, set())]
        details = result.details if isinstance(result.details, dict) else {}
        details["lines"] = [_entry(p, source) for p in found]
        result.details = details
        if found:
            result.message += "; " + describe(found)
        else:
            result.message += _NO_LINE
    for step in AFTER_VALUES:
        guarded(step, failures, ctx)
    guarded(point_repairs, failures, ctx, list(results))


#: Rules for what the values above could not place, each from the file's structure and the failed check's
#: calls replayed traced; each acts only on a check left with no line, so a line the values found stands
AFTER_VALUES = (point_overflow, point_min_shift, point_shapes, point_reshapes, point_diagonal_jacobian,
                point_local_methods, point_derivative_helpers, point_carry_after_derivative)

#: what a message says when the values showed no line
_NO_LINE = "; the grader could not tell which line of yours makes this mistake"
