"""The small edits of a student's file that undo a catalogued mistake, for pointing at its line by repair.

Pure functions of the source text (nothing here runs student code): ``edits(text, mistake, entry)`` lists every
candidate edit of the kinds that undo ``mistake`` (``FAMILIES``), each place once, plus the same edit made at
every place of one function (and at each run of such places on consecutive lines); ``apply`` makes one. Which
places each kind may touch is narrowed by rules, each from a file written to attack it (see the functions'
docstrings): an edit on a right line that would only make up for the mistake elsewhere is never offered, or
the true place is offered too, so that both are found and ``repair`` points at neither.
"""
from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

_NP = "__import__('numpy')"
#: a generator's draws and the spread of one draw of unit arguments: ``normal`` and ``uniform`` take theirs
DRAWS = {"normal": 1.0, "standard_normal": 1.0, "randn": 1.0, "uniform": None, "rand": 12 ** -0.5,
         "random": 12 ** -0.5, "random_sample": 12 ** -0.5}


@lru_cache(maxsize=8)
def parsed(text: str) -> ast.Module | None:
    """The student's source parsed once: every pointing rule and every edit reads its structure (the tree is
    never changed); None when it cannot be parsed."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
#: what an activation is swapped for: the expression a name is replaced with, and the call around a value
ACTIVATIONS = {
    "identity": ("(lambda z: z)", "({})"),
    "sigmoid": (f"(lambda z: 1.0 / (1.0 + {_NP}.exp(-z)))", "(1.0 / (1.0 + {np}.exp(-({}))))"),
    "tanh": (f"{_NP}.tanh", "{np}.tanh({})"),
    "relu": (f"(lambda z: {_NP}.maximum(z, 0))", "{np}.maximum({}, 0)"),
}
#: words in a name that say it is an activation (``sigmoid``, ``act``, ``hidden_fn``, ``nonlin``)
_ACTIVATION_WORDS = ("sigm", "logistic", "expit", "tanh", "relu", "softmax", "squash", "act", "nonlin",
                     "linear", "identity", "link")
#: activations a library gives, named as values (``np.tanh``, ``scipy.special.expit``)
_LIBRARY_ACTIVATIONS = frozenset({"tanh", "expit", "sigmoid", "relu", "softmax"})
#: strings that choose an activation (``activation="relu"``)
_ACTIVATION_STRINGS = frozenset({"relu", "sigmoid", "tanh", "linear", "identity", "none", "softmax", "logistic"})
_LESS = {"- 1": "less", "+ 1": "more"}
_STEP = {"- 1": "earlier", "+ 1": "later"}
#: calls never dropped: they compute no activation
_KEEP_CALLS = frozenset({"len", "range", "int", "float", "str", "list", "tuple", "dict", "set", "print",
                         "enumerate", "zip", "abs", "sum", "min", "max", "round", "sorted", "reversed",
                         "isinstance", "type", "iter", "next", "bool", "super", "getattr", "hasattr", "repr",
                         "asarray", "array", "copy", "zeros_like", "ones_like", "zeros", "ones", "empty",
                         "empty_like", "sqrt", "mean", "log", "shape", "reshape", "ravel", "flatten",
                         "atleast_2d", "squeeze", "transpose", "deepcopy", "float64", "float32"})


@dataclass(frozen=True)
class Edit:
    """One small change of the student's file: the text from ``start`` to ``end`` becomes ``text`` (and the
    same change at each of ``more``: one mistake made the same way on several lines, ``/ N`` on each step)."""

    line: int  #: the line pointed at when this edit repairs the file
    start: tuple[int, int]  #: (line, column) of the replaced text
    end: tuple[int, int]
    text: str
    label: str  #: what it changes, in the student's words ("`f(...)` dropped")
    more: tuple["Edit", ...] = ()
    family: str = ""  #: the kind of edit (``FAMILIES``)

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(sorted({self.line, *(e.line for e in self.more)}))


# --------------------------------------------------------------------------- the edits


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _activation_like(name: str | None, one_argument: frozenset[str]) -> bool:
    if not name:
        return False
    low = name.lower()
    return name in one_argument or any(w in low for w in _ACTIVATION_WORDS)


def _one_argument_functions(tree: ast.Module) -> frozenset[str]:
    """The file's functions (and lambdas bound to names) of one argument: activations as a student writes them."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            if len(args.posonlyargs + args.args) - len(args.defaults) <= 1 <= len(args.posonlyargs + args.args):
                names.add(node.name)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return frozenset(names)


def _replace(node: ast.AST, text: str, label: str, line: int | None = None) -> Edit:
    return Edit(line or node.lineno, (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset),
                text, label)


def _calls(node: ast.Call, src: str, one_argument: frozenset[str]) -> Iterator[Edit]:
    """``f(z)``: dropped, or its activation swapped."""
    name = _name(node.func)
    if isinstance(node.func, ast.Subscript):  # ``ACT["hidden"](h)``: an activation looked up in a table
        if not isinstance(node.func.slice, ast.Constant):
            return  # ``ACT[kind](z)`` in a helper every layer calls: an edit there changes every layer
        name = ast.get_source_segment(src, node.func)
    if not name or name in _KEEP_CALLS or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
        return
    if node.keywords and not all(k.arg == "out" for k in node.keywords):
        return
    if isinstance(node.func, ast.Attribute) and not _activation_like(name, frozenset()):
        return  # ``np.exp(z)``, ``self.layer(x)``: a method or NumPy's function is no activation to drop
    arg = ast.get_source_segment(src, node.args[0])
    if arg is None:
        return
    yield _replace(node, f"({arg})", f"`{name}(...)` left out")
    if _activation_like(name, one_argument):
        for other, (_, around) in ACTIVATIONS.items():
            if other != "identity" and other not in name.lower():
                yield _replace(node, around.format(arg, np=_NP), f"`{other}` in place of `{name}`")


def _references(node: ast.AST, one_argument: frozenset[str]) -> Iterator[Edit]:
    """An activation named as a value (a table's entry, a default, an alias): swapped for another, or none.
    Only a function of the file's own of one argument, or NumPy's ``tanh``: a name such as ``activation``
    may hold anything (a string, a flag)."""
    name = _name(node)
    if not (isinstance(node, ast.Name) and name in one_argument or
            isinstance(node, ast.Attribute) and name in _LIBRARY_ACTIVATIONS):
        return
    for other, (expr, _) in ACTIVATIONS.items():
        if other not in (name or "").lower():
            yield _replace(node, expr, f"`{other}` in place of `{name}`" if other != "identity"
                           else f"no activation in place of `{name}`")


def _wraps(node: ast.AST, src: str) -> Iterator[Edit]:
    """A layer's value that lacks its activation: ``out = W2 @ h + b2`` -> ``sigmoid(...)``."""
    value = ast.get_source_segment(src, node)
    if value is None:
        return
    for other, (_, around) in ACTIVATIONS.items():
        if other != "identity":
            yield _replace(node, around.format(value, np=_NP), f"`{other}` applied to this value")


def _layer_value(node: ast.AST) -> bool:
    """A value a layer computes: a product with weights, plus a bias, or a name (``y_hat = z2``)."""
    if isinstance(node, ast.Name):
        return True
    return isinstance(node, ast.BinOp) and (isinstance(node.op, ast.MatMult) or
                                            isinstance(node.op, ast.Add) and _layer_value(node.left) or
                                            isinstance(node.op, ast.Add) and isinstance(node.left, ast.Call) and
                                            _name(node.left.func) == "dot")


def _compares(node: ast.Compare, src: str) -> Iterator[Edit]:
    """``k <= depth`` <-> ``k < depth``, and the bound one more or less."""
    if len(node.ops) != 1:
        return
    swap = {ast.Lt: "<=", ast.LtE: "<", ast.Gt: ">=", ast.GtE: ">"}.get(type(node.ops[0]))
    left, right = (ast.get_source_segment(src, n) for n in (node.left, node.comparators[0]))
    if left is None or right is None:
        return
    if swap:
        yield _replace(node, f"{left} {swap} {right}", f"`{swap}` in this comparison")
    if isinstance(node.ops[0], (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)):
        op = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}[type(node.ops[0])]
        for d in ("- 1", "+ 1"):
            yield _replace(node, f"{left} {op} ({right}) {d}", f"the bound one {_LESS[d]} in this comparison")


def _counts(node: ast.AST, src: str) -> Iterator[Edit]:
    """A count set or returned as a number (``n_hidden = 3``, ``return len(p) // 2``): one more or less."""
    text = ast.get_source_segment(src, node)
    if text is None:
        return
    if isinstance(node, ast.Constant) and type(node.value) is int and 0 < node.value < 100:
        for v in (node.value - 1, node.value + 1):
            yield _replace(node, str(v), f"{v} in place of {node.value}")
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.FloorDiv) or \
            isinstance(node, ast.Call) and _name(node.func) == "len":
        for d in ("- 1", "+ 1"):
            yield _replace(node, f"({text}) {d}", f"this count one {_LESS[d]}")
    elif isinstance(node, ast.Call) and _name(node.func) == "range" and node.args and \
            not isinstance(node.args[-1], ast.Starred):  # ``range(1, L + 1)``: the loop one step shorter or longer
        bounds = [(node.args[1], "bound")] if len(node.args) > 1 else [(node.args[0], "bound")]
        if len(node.args) > 1:
            bounds.append((node.args[0], "start"))  # ``range(1, T)`` where step 0 counts too
        for bound, what in bounds:
            inner = ast.get_source_segment(src, bound)
            if inner is not None:
                for d in ("- 1", "+ 1"):
                    yield _replace(bound, f"({inner}) {d}", f"this loop's {what} one {_LESS[d]}", line=node.lineno)


def _strings(node: ast.Constant, present: frozenset[str]) -> Iterator[Edit]:
    """A string that chooses an activation (``activation="relu"``): another that the file uses, or "linear"."""
    if isinstance(node.value, str) and node.value.lower() in _ACTIVATION_STRINGS:
        for other in sorted(present | {"linear"}):
            if other != node.value:
                yield _replace(node, repr(other), f"{other!r} in place of {node.value!r}")


def _names(targets: list[ast.AST]) -> set[str]:
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _count_like(node: ast.AST) -> bool:
    """A number of layers or steps: ``3``, ``len(Ws)``, ``len(params) // 2``."""
    if isinstance(node, ast.Constant):
        return type(node.value) is int
    return isinstance(node, ast.Call) and _name(node.func) == "len" or \
        isinstance(node, ast.BinOp) and isinstance(node.op, ast.FloorDiv)


def _statements(node: ast.stmt, assigned_before: bool) -> Iterator[Edit]:
    """A step taken twice or a rate changed on the way (``lr /= N``, ``lr = lr * 0.5``, ``dw = vw``): the
    statement left out (one that changes a name the function has already set)."""
    if node.end_lineno == node.lineno and (isinstance(node, ast.AugAssign) or
                                           isinstance(node, ast.Assign) and assigned_before):
        yield _replace(node, "pass", "this statement left out")


def _augs(node: ast.AugAssign, src: str) -> Iterator[Edit]:
    """``p += step`` <-> ``p -= step``, ``W /= std`` <-> ``W *= std``."""
    other = {ast.Add: "-=", ast.Sub: "+=", ast.Div: "*=", ast.Mult: "/="}.get(type(node.op))
    target, value = (ast.get_source_segment(src, n) for n in (node.target, node.value))
    if other and target is not None and value is not None and node.end_lineno == node.lineno:
        yield _replace(node, f"{target} {other} {value}", f"`{other}` in place of "
                       f"`{ {ast.Add: '+=', ast.Sub: '-=', ast.Div: '/=', ast.Mult: '*='}[type(node.op)]}`")


def _scales(node: ast.Constant) -> Iterator[Edit]:
    """A spread written as a number on its own (``std = 5.0``, ``gain=10.0``, a default ``scale=10.0``) over 4:
    a tenth, a hundredth of it. Never a number inside a formula (He's ``2.0 / fan_in``, Glorot's ``6.0``), nor a
    gain a course uses (4 for a sigmoid's Glorot): scaled, it could make up for a mistake made elsewhere."""
    if type(node.value) in (int, float) and node.value > 4.0:
        for f in (10, 100):
            yield _replace(node, repr(node.value / f), f"{node.value / f:g} in place of {node.value:g}")


def _minus(node: ast.UnaryOp, src: str, cancelled: bool = False) -> Iterator[Edit]:
    """``-(h.T @ a)``: the minus sign dropped (never an operand swapped: ``y - p`` for ``p - y`` may be undone
    on a right line, by a sign taken again further on)."""
    if isinstance(node.op, ast.USub) and not cancelled:
        inner = ast.get_source_segment(src, node.operand)
        if inner is not None:
            yield _replace(node, f"({inner})", "this minus sign left out")


def _indices(node: ast.Subscript, src: str) -> Iterator[Edit]:
    """``H[:, t + 1]`` where ``H[:, t]`` is meant (a step or sample off by one): ``t`` one more or less."""
    for name in ast.walk(node.slice):
        if isinstance(name, ast.Name):
            for d in ("- 1", "+ 1"):
                yield _replace(name, f"({name.id} {d})", f"this index one step {_STEP[d]}", line=node.lineno)


def _sums(node: ast.AST, src: str) -> Iterator[Edit]:
    """A bias's gradient left one row per sample, or taken from the first: summed over the samples (rows, or columns
    kept as one)."""
    value = ast.get_source_segment(src, node)
    if value is not None:
        for axis in ("axis=0", "axis=1, keepdims=True"):
            yield _replace(node, f"{_NP}.sum({value}, {axis})", f"`{value}` summed over the samples ({axis})")
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value == 0:
        whole = ast.get_source_segment(src, node.value)  # ``dpre[0]``: the first sample's row for all of them
        if whole is not None:
            yield _replace(node, f"{_NP}.sum({whole}, axis=0)", f"`{whole}` summed over the samples in place of "
                           "its first row")


def _means(node: ast.Call) -> Iterator[Edit]:
    """``np.mean(dZ, axis=0)`` where a sum is meant (a batch averaged twice): a sum."""
    if isinstance(node.func, ast.Attribute) and node.func.attr == "mean":
        f = node.func
        yield Edit(f.end_lineno, (f.end_lineno, f.end_col_offset - 4), (f.end_lineno, f.end_col_offset), "sum",
                   "`sum` in place of `mean`")


#: NumPy functions an activation is written with when it is not called by name (``np.where(z > 0, z, 0.01 * z)``)
_ELEMENTWISE = frozenset({"where", "clip", "maximum", "minimum", "exp", "tanh", "abs", "sign", "log1p"})


def _rewrites(node: ast.Assign | ast.Return, src: str) -> Iterator[Edit]:
    """Another activation than the answer's, written out (``H = Z1 * (Z1 > 0)``, ``np.clip(a, -1, 1)``, a leaky
    ReLU or an ELU by ``np.where``), or none (``H = Z1``, ``hs[:, t] = z``, a helper's ``return``): the value made
    a sigmoid, tanh or ReLU of the one array it reads. Plain names are tried too so that where a right line's
    value could be rewritten to make up for one left without its activation, both are found: nothing is pointed at."""
    value = node.value
    if isinstance(value, (ast.Name, ast.Subscript)):
        arg = ast.get_source_segment(src, value)
        if arg is not None:
            for other, (_, around) in ACTIVATIONS.items():
                if other != "identity":
                    yield _replace(value, around.format(arg, np=_NP), f"`{other}` of `{arg}` in place of it")
        return
    if isinstance(value, ast.Call) and not (isinstance(value.func, ast.Attribute) and value.func.attr in _ELEMENTWISE):
        return  # a call by name is the ``calls`` family's
    if not isinstance(value, (ast.BinOp, ast.Call)) or any(isinstance(n, ast.Call) and not (
            isinstance(n.func, ast.Attribute) and n.func.attr in _ELEMENTWISE) for n in ast.walk(value)):
        return
    if any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult) for n in ast.walk(value)):
        return  # a layer's product, not an activation
    names = {n.id for n in ast.walk(value) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - {"np", "numpy"}
    if len(names) != 1:
        return
    (arg,) = names
    for other, (_, around) in ACTIVATIONS.items():
        if other != "identity":
            yield _replace(value, around.format(arg, np=_NP), f"`{other}` of `{arg}` in place of this expression")


def _shifts(node: ast.Call, src: str) -> Iterator[Edit]:
    """``np.exp(z)`` of logits taken as they are (or shifted by their minimum on another line): shifted by the
    row's maximum first, rows or columns (softmax is the same, and finite)."""
    if _name(node.func) == "exp" and len(node.args) == 1 and not node.keywords:
        arg = ast.get_source_segment(src, node.args[0])
        if arg is not None:
            for axis in (-1, 0):
                yield _replace(node.args[0], f"(({arg}) - ({arg}).max(axis={axis}, keepdims=True))",
                               f"the largest logit subtracted before `exp` (axis={axis})", line=node.lineno)


def _accumulates(node: ast.Assign, src: str) -> Iterator[Edit]:
    """``grads["b"] = delta`` in a loop over samples: added up (``+=``)."""
    target, value = (ast.get_source_segment(src, n) for n in (node.targets[0], node.value))
    if target is not None and value is not None and node.end_lineno == node.lineno:
        yield _replace(node, f"{target} += {value}", "`+=` in place of `=`")


def _unwraps(node: ast.Call, src: str, functions: frozenset[str]) -> Iterator[Edit]:
    """``batch_mean(dw, N)``: a helper of the file's own that changes its first argument again (a mean taken
    twice) left out, its first argument kept."""
    if isinstance(node.func, ast.Name) and node.func.id in functions and len(node.args) >= 2 and \
            not isinstance(node.args[0], ast.Starred):
        arg = ast.get_source_segment(src, node.args[0])
        if arg is not None:
            yield _replace(node, f"({arg})", f"`{node.func.id}(...)` left out, its first argument kept")


def _swaps(node: ast.AST, src: str, functions: frozenset[str]) -> Iterator[Edit]:
    """A difference taken the other way round (``target - pred``), or a helper's two arguments
    (``margin(Y, Y_hat)``): the residual's sign."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
        left, right = (ast.get_source_segment(src, n) for n in (node.left, node.right))
        if left is not None and right is not None:
            yield _replace(node, f"(({right}) - ({left}))", f"`{right} - {left}` in place of `{left} - {right}`")
    elif isinstance(node, ast.Call) and len(node.args) >= 2 and not any(isinstance(a, ast.Starred) for a in node.args) \
            and (isinstance(node.func, ast.Name) and node.func.id in functions or _name(node.func) == "subtract"):
        name = ast.get_source_segment(src, node.func)
        a, b = (ast.get_source_segment(src, n) for n in node.args[:2])
        rest = [ast.get_source_segment(src, n) for n in node.args[2:]] + \
            [ast.get_source_segment(src, k) for k in node.keywords]
        if name is not None and a is not None and b is not None and None not in rest:
            yield _replace(node, f"{name}({', '.join([b, a] + rest)})",
                           f"`{name}`'s first two arguments the other way round")


def _switch(node: ast.Constant) -> Iterator[Edit]:
    if node.value is True or node.value is False:
        yield _replace(node, str(not node.value), f"{not node.value} in place of {node.value}")


def _transposes(node: ast.AST, src: str, conversion: bool = False) -> Iterator[Edit]:
    """``a.T`` -> ``a``; ``a @ b`` -> ``a.T @ b`` / ``a @ b.T`` (a product taken the other way round); ``np.outer``'s
    two arguments swapped."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "reshape":
        inner = ast.get_source_segment(src, node.func.value)  # ``dW.reshape(W.shape)`` where ``dW.T`` is meant
        if inner is not None:
            yield _replace(node, f"({inner}).T", f"`.T` in place of `.reshape(...)`")
    if isinstance(node, ast.Attribute) and node.attr == "T" and not conversion:
        inner = ast.get_source_segment(src, node.value)
        if inner is not None:
            yield _replace(node, f"({inner})", "this `.T` left out")
    elif isinstance(node, ast.Call) and _name(node.func) == "outer" and len(node.args) == 2 and not node.keywords:
        a, b = (ast.get_source_segment(src, n) for n in node.args)  # ``np.outer(da, h_prev)``: the other way round
        name = ast.get_source_segment(src, node.func)
        if None not in (a, b, name):
            yield _replace(node, f"{name}({b}, {a})", f"`{name}({b}, {a})` in place of `{name}({a}, {b})`")
    elif isinstance(node, ast.Call) and _name(node.func) == "dot" and len(node.args) == 2:
        whole = ast.get_source_segment(src, node)
        if whole is not None:
            yield _replace(node, f"({whole}).T", "this product transposed")
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        whole = ast.get_source_segment(src, node)
        if whole is not None:  # ``dW = delta.T @ a`` where ``a.T @ delta`` is meant: the product transposed
            yield _replace(node, f"({whole}).T", "this product transposed")
        for side in (node.left, node.right):
            if isinstance(side, (ast.Name, ast.Subscript, ast.Attribute)) and not (
                    isinstance(side, ast.Attribute) and side.attr == "T"):
                inner = ast.get_source_segment(src, side)
                if inner is not None:
                    yield _replace(side, f"({inner}).T", f"`{inner}.T` in place of `{inner}`", line=node.lineno)


def _factors(node: ast.BinOp, src: str, numbers_only: bool = False) -> Iterator[Edit]:
    """``g / n``, ``g * 0.5``: the factor dropped (a count divided twice, a half that is not there).
    ``numbers_only``: only a written number (``* 10``), for a spread: a named one (``scale * z``) dropped
    leaves a unit spread, which may pass where the mistake is elsewhere."""
    if not isinstance(node.op, (ast.Div, ast.Mult)):
        return
    for keep, factor in ((node.left, node.right), (node.right, node.left)):
        if isinstance(node.op, ast.Div) and keep is node.right or numbers_only and not isinstance(factor, ast.Constant):
            continue
        if isinstance(factor, (ast.Name, ast.Constant, ast.Attribute, ast.Subscript, ast.Call)) or \
                isinstance(factor, ast.BinOp) and isinstance(factor.op, ast.Pow):  # ``N ** -1.0``
            if isinstance(factor, ast.Constant) and not isinstance(factor.value, (int, float)):
                continue
            kept, dropped = (ast.get_source_segment(src, n) for n in (keep, factor))
            if kept is not None and dropped is not None:
                yield _replace(node, f"({kept})", f"the factor `{dropped}` left out")


def _extremes(node: ast.AST, src: str) -> Iterator[Edit]:
    """A shift by the minimum or the mean: by the maximum; any shift of an array by a value computed from it
    (``z - z.sum(axis=1, keepdims=True) / K``): by its maximum, rows or columns."""
    if isinstance(node, ast.Attribute) and node.attr in ("min", "amin", "mean", "average", "median"):
        yield Edit(node.end_lineno, (node.end_lineno, node.end_col_offset - len(node.attr)),
                   (node.end_lineno, node.end_col_offset), "max", f"`max` in place of `{node.attr}`")
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and isinstance(node.left, ast.Name) and \
            not isinstance(node.right, ast.Constant) and \
            any(isinstance(n, ast.Name) and n.id == node.left.id for n in ast.walk(node.right)):
        for axis in (-1, 0):
            yield _replace(node.right, f"{node.left.id}.max(axis={axis}, keepdims=True)",
                           f"the shift by the maximum (axis={axis})", line=node.lineno)


def _signs(node: ast.AST, src: str) -> Iterator[Edit]:
    """A sign: ``-g`` -> ``g``, ``a - b`` -> ``b - a``, ``1 + h`` -> ``1 - h`` (the slopes' ``1 - h**2``)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = ast.get_source_segment(src, node.operand)
        if inner is not None:
            yield _replace(node, f"({inner})", "this minus sign left out")
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        left, right = (ast.get_source_segment(src, n) for n in (node.left, node.right))
        if left is None or right is None:
            return
        if isinstance(node.op, ast.Sub):
            yield _replace(node, f"(({right}) - ({left}))", f"`{right} - {left}` in place of `{left} - {right}`")
        flipped = "+" if isinstance(node.op, ast.Sub) else "-"
        yield _replace(node, f"(({left}) {flipped} ({right}))", f"`{flipped}` in place of "
                       f"`{'-' if flipped == '+' else '+'}`")
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and isinstance(node.left, ast.BinOp) and \
            isinstance(node.left.op, ast.Sub):  # (1 - h) ** 2 -> 1 - h ** 2
        a, b, p = (ast.get_source_segment(src, n) for n in (node.left.left, node.left.right, node.right))
        if None not in (a, b, p):
            yield _replace(node, f"(({a}) - ({b}) ** {p})", f"`{a} - {b} ** {p}` in place of `({a} - {b}) ** {p}`")


def _ident(node: ast.AST) -> str | None:
    """What a value is called: ``h``, ``self.A1`` (``A1``), ``hs[:, t]`` (``hs``)."""
    if isinstance(node, ast.Subscript):
        return _ident(node.value)
    return _name(node)


def _activated(node: ast.AST, one_argument: frozenset[str]) -> ast.expr | None:
    """The argument of ``x = act(arg)``, a one-argument activation (the file's own, or a library's) applied to
    one value; None for any other statement."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.Call) and \
            len(node.value.args) == 1 and not node.value.keywords:
        f = _name(node.value.func)
        if _activation_like(f, one_argument) or f in _LIBRARY_ACTIVATIONS:
            return node.value.args[0]
    return None


def _activation_pairs(tree: ast.Module, one_argument: frozenset[str]) -> frozenset[tuple[str, str]]:
    """``(pre, post)``: names the file gives a pre-activation and the activation made of it (``h = np.tanh(a)``,
    ``self.A1 = sigmoid(self.Z1)``), and the arrays a function stores each in (``a_all[:, t] = a``,
    ``h_all[:, t] = h``: ``(a_all, h_all)``; ``h = np.tanh(A[:, t])``, ``H[:, t] = h``: ``(A, H)``)."""
    pairs = set()
    for node in ast.walk(tree):
        arg = _activated(node, one_argument)
        if arg is not None and not isinstance(arg, ast.Call):
            pre, post = _ident(arg), _ident(node.targets[0])
            if pre and post and pre != post:
                pairs.add((pre, post))
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        stored: dict[str, set[str]] = {}  # a value's name -> the names of the arrays it is stored in
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Subscript) and isinstance(node.value, ast.Name):
                target = _ident(node.targets[0])
                if target and target != node.value.id:
                    stored.setdefault(node.value.id, set()).add(target)
        pairs |= {(a, b) for pre, post in list(pairs) for a in stored.get(pre, set()) | {pre}
                  for b in stored.get(post, set()) | {post} if a != b}
    return frozenset(pairs)


def _made_from(tree: ast.Module, src: str, one_argument: frozenset[str]) -> dict[str, str]:
    """An activation's name -> the text of the pre-activation it was made of, where that was never named
    (``h1 = squash(pre_activation(W1, X, b1))``)."""
    made = {}
    for node in ast.walk(tree):
        arg = _activated(node, one_argument)
        if isinstance(arg, (ast.Call, ast.BinOp)) and isinstance(node.targets[0], ast.Name):
            text = ast.get_source_segment(src, arg)
            if text is not None:
                made[node.targets[0].id] = text
    return made


def _renames(node: ast.AST, pairs: frozenset[tuple[str, str]], forward: bool) -> Iterator[Edit]:
    """A derivative's formula given the wrong one of a layer's two values: the pre-activation where the
    activation belongs (``forward``: ``1 - a ** 2`` of ``a``, cached ``a`` for ``h``), or the other way round
    (``sigmoid_grad(h1)`` of a helper that takes ``z1``)."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
    for pre, post in sorted(pairs):
        old, new = (pre, post) if forward else (post, pre)
        if name == old:
            if isinstance(node, ast.Name):
                yield _replace(node, new, f"`{new}` in place of `{old}`")
            else:
                yield Edit(node.end_lineno, (node.end_lineno, node.end_col_offset - len(old)),
                           (node.end_lineno, node.end_col_offset), new, f"`.{new}` in place of `.{old}`")


def sum_of_product(node: ast.AST) -> bool:
    """``a * b + c``, ``a / b - c``: a sum whose first term is a product or a quotient, where a bracket may be
    missing (``0.5 * (t + 1)``)."""
    return isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) and \
        isinstance(node.left, ast.BinOp) and isinstance(node.left.op, (ast.Mult, ast.Div))


_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _operands(src: str, *nodes: ast.AST) -> list[str] | None:
    """Each node's text, in brackets when it is itself an operation (the edit keeps its own grouping)."""
    texts = [ast.get_source_segment(src, n) for n in nodes]
    if None in texts:
        return None
    return [f"({t})" if isinstance(n, (ast.BinOp, ast.BoolOp, ast.IfExp, ast.Compare, ast.Lambda)) else t
            for n, t in zip(nodes, texts)]


def _regroups(node: ast.BinOp, src: str) -> Iterator[Edit]:
    """A sum or a count left out of a product's or a quotient's parentheses: ``0.5 * np.tanh(z) + 1`` for
    ``0.5 * (np.tanh(z) + 1)``, ``6 / n_in + n_out`` for ``6 / (n_in + n_out)``, ``1 / 2 * N`` for
    ``1 / (2 * N)``, ``X - mean / std`` for ``(X - mean) / std``; and a carry added after a derivative where it
    belongs before it (``dh * (1 - h ** 2) + dn`` for ``(dh + dn) * (1 - h ** 2)``)."""
    outer, right, left = _OPS.get(type(node.op)), node.right, node.left
    if outer in ("+", "-") and isinstance(right, ast.BinOp) and _OPS.get(type(right.op)) in ("*", "/"):
        texts = _operands(src, left, right.left, right.right)  # ``X - mean / std`` for ``(X - mean) / std``
        if texts is not None:
            a, b, c = texts
            inner = _OPS[type(right.op)]
            yield _replace(node, f"(({a} {outer} {b}) {inner} {c})", f"`({a} {outer} {b}) {inner} {c}` in place "
                           f"of `{a} {outer} {b} {inner} {c}`")
    if not isinstance(left, ast.BinOp):
        return
    texts = _operands(src, left.left, left.right, right)
    if texts is None:
        return
    a, b, c = texts
    inner = _OPS.get(type(left.op))
    if sum_of_product(node) or outer == "*" and inner == "/":
        yield _replace(node, f"({a} {inner} ({b} {outer} {c}))", f"`{a} {inner} ({b} {outer} {c})` in place "
                       f"of `{a} {inner} {b} {outer} {c}`")
    if outer == "+" and inner == "*":
        yield _replace(node, f"(({a} + {c}) * {b})", f"`({a} + {c}) * {b}` in place of `{a} * {b} + {c}`")


def _defaults(node: ast.Call, src: str, defaults: dict[str, int], counts: frozenset[str]) -> Iterator[Edit]:
    """``he_normal(rng, shape, n_in)`` where the helper's last parameter defaults to a written number
    (``gain=2.0``) or ``None`` (never a count's, ``fan=1``) and a count given by position overrides it by
    mistake: that argument left out. Only a count (``counts``: a size the function takes or reads from a shape
    or a list, never a spread it computes, ``s = 10.0 / np.sqrt(n)``, whose own formula may be the mistake,
    and the default only covers it)."""
    name = node.func.id if isinstance(node.func, ast.Name) else None
    last = node.args[-1] if node.args else None
    if name in defaults and last is not None and not node.keywords and \
            not any(isinstance(a, ast.Starred) for a in node.args) and len(node.args) > defaults[name] and \
            (isinstance(last, ast.Name) and last.id in counts or
             isinstance(last, ast.Constant) and type(last.value) is int):
        kept = [ast.get_source_segment(src, a) for a in node.args[:-1]]
        dropped = ast.get_source_segment(src, last)
        if None not in kept and dropped is not None:
            yield _replace(node, f"{name}({', '.join(kept)})", f"the argument `{dropped}` left out (its default)")


def _count_names(tree: ast.Module) -> frozenset[str]:
    """Names that hold sizes: a function's parameters, and names only ever set from one (``n_prev, n_next =
    sizes[l - 1], sizes[l]``, ``fan_in = W.shape[0]``, ``n = len(X)``), never from arithmetic."""
    params, plain, computed = set(), set(), set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params |= {a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
        elif isinstance(node, ast.Assign):
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            sized = all(isinstance(v, (ast.Name, ast.Subscript, ast.Attribute)) or
                        isinstance(v, ast.Call) and _name(v.func) == "len" for v in values)
            (plain if sized else computed).update(_names(node.targets))
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            computed.update(_names([node.target]))
    return frozenset((params | plain) - computed)


def _divides(node: ast.Return, src: str, divisors: frozenset[str]) -> Iterator[Edit]:
    """``return float(loss), p - onehot`` after ``loss = ... / n``: a value returned without the ``/ n`` its function
    takes elsewhere (``divisors``: never one the return itself divides by, which a second one only doubles)."""
    values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
    for value in values:
        text = ast.get_source_segment(src, value)
        if text is not None and isinstance(value, (ast.BinOp, ast.Name, ast.Subscript)):
            for n in sorted(divisors):
                yield _replace(value, f"(({text}) / {n})", f"`({text}) / {n}` in place of `{text}`",
                               line=node.lineno)


def _zeros(node: ast.Call, src: str) -> Iterator[Edit]:
    """``np.zeros_like(h0)`` where the state before the first step is ``h0`` itself: the array it copies."""
    if _name(node.func) == "zeros_like" and len(node.args) == 1:
        arg = ast.get_source_segment(src, node.args[0])
        if arg is not None:
            yield _replace(node, f"({arg})", f"`{arg}` in place of `np.zeros_like({arg})`")


def _recomputed(node: ast.Name, made: dict[str, str]) -> Iterator[Edit]:
    """``squash_grad(h1)`` of ``h1 = squash(pre_activation(W1, X, b1))``, where the helper takes the
    pre-activation: that expression again (when the names it reads are there)."""
    if node.id in made:
        yield _replace(node, f"({made[node.id]})", f"`{made[node.id]}` in place of `{node.id}`")


def _compared(node: ast.Expr, src: str) -> Iterator[Edit]:
    """``g[g > 0] == 1.0`` as a statement (a comparison whose result is dropped): the assignment meant."""
    value = node.value
    if isinstance(value, ast.Compare) and len(value.ops) == 1 and isinstance(value.ops[0], ast.Eq) and \
            isinstance(value.left, (ast.Name, ast.Subscript, ast.Attribute)):
        a, b = (ast.get_source_segment(src, n) for n in (value.left, value.comparators[0]))
        if a is not None and b is not None:
            yield _replace(node, f"{a} = {b}", "`=` in place of `==`")


def _shape_names(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    """Names unpacked together from a shape (``N, K = P.shape``): each with the others."""
    out: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple) and \
                isinstance(node.value, ast.Attribute) and node.value.attr == "shape":
            names = [t.id for t in node.targets[0].elts if isinstance(t, ast.Name) and t.id != "_"]
            for n in names:
                out[n] = tuple(sorted(set(out.get(n, ())) | set(names) - {n}))
    return out


def _counts_swapped(node: ast.Name, shapes: dict[str, tuple[str, ...]]) -> Iterator[Edit]:
    """``row_grad(P[n], y[n], K)`` where ``N`` is meant (``N, K = P.shape``): another count of the same shape."""
    for other in shapes.get(node.id, ()):
        yield _replace(node, other, f"`{other}` in place of `{node.id}`")


def _neighbours(node: ast.Name, known: frozenset[str]) -> Iterator[Edit]:
    """``prev_act = hid_1`` where layer 3 reads ``hid_2``: a numbered name made the next or the previous one that
    the function has (``a1`` <-> ``a2``, ``W2`` <-> ``W1``)."""
    stem = node.id.rstrip("0123456789")
    if stem == node.id or not stem:
        return
    k = int(node.id[len(stem):])
    for other in (f"{stem}{k - 1}", f"{stem}{k + 1}"):
        if other in known:
            yield _replace(node, other, f"`{other}` in place of `{node.id}`")


def _loop_indices(node: ast.Subscript, src: str, variables: list[str]) -> Iterator[Edit]:
    """``ins[0]`` inside ``for i in (1, 0):`` where each layer's input ``ins[i]`` is meant: the loop's variable."""
    if isinstance(node.slice, ast.Constant) and type(node.slice.value) is int:
        whole = ast.get_source_segment(src, node.value)
        if whole is not None:
            for v in variables:
                yield _replace(node, f"{whole}[{v}]", f"`{whole}[{v}]` in place of `{whole}[{node.slice.value}]`")


def _columns(node: ast.AST, src: str) -> Iterator[Edit]:
    """A count of samples taken along the wrong axis of a column-major array (``len(Y)`` or ``Y.shape[0]``
    where the samples are ``Y.shape[1]``), or the other way round."""
    if isinstance(node, ast.Call) and _name(node.func) == "len" and len(node.args) == 1 and \
            isinstance(node.func, ast.Name):
        arg = ast.get_source_segment(src, node.args[0])
        if arg is not None:
            yield _replace(node, f"({arg}).shape[1]", f"`{arg}.shape[1]` in place of `len({arg})`")
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "shape" and \
            isinstance(node.slice, ast.Constant) and node.slice.value in (0, 1):
        arg = ast.get_source_segment(src, node.value.value)
        other = 1 - node.slice.value
        if arg is not None:
            yield _replace(node, f"({arg}).shape[{other}]", f"`{arg}.shape[{other}]` in place of "
                           f"`{arg}.shape[{node.slice.value}]`")


def _bounds(node: ast.Call, src: str) -> Iterator[Edit]:
    """``range(0, N - batch_size + 1, batch_size)``: a loop over batches that stops before the last, partial one:
    the count itself as its stop (``N``)."""
    if _name(node.func) == "range" and len(node.args) >= 2 and isinstance(node.args[1], ast.BinOp):
        stop = node.args[1]
        first = stop
        while isinstance(first, ast.BinOp):
            first = first.left
        if isinstance(first, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)) and \
                any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub) for n in ast.walk(stop)):
            count = ast.get_source_segment(src, first)
            whole = ast.get_source_segment(src, stop)
            if count is not None and whole is not None:
                yield _replace(stop, count, f"this loop's stop `{count}` in place of `{whole}`", line=node.lineno)


def _tables(node: ast.BinOp, src: str) -> Iterator[Edit]:
    """``[relu] * L``: one activation per layer, the output layer's too; the last one made none."""
    if isinstance(node.op, ast.Mult) and isinstance(node.left, ast.List) and len(node.left.elts) == 1:
        entry, count = (ast.get_source_segment(src, n) for n in (node.left.elts[0], node.right))
        if entry is not None and count is not None:
            yield _replace(node, f"([{entry}] * (({count}) - 1) + [(lambda z: z)])",
                           f"no activation for the last layer in place of `{entry}`")


#: which edits are tried for which mistake, the likeliest first
FAMILIES = {
    "wrong-forward": ("calls", "references", "strings", "rewrites", "wraps", "compares", "counts", "switches",
                      "transposes", "tables", "regroups"),
    "wrong-activation-derivative": ("signs", "calls", "references", "factors", "regroups", "compared"),
    "activation-derivative-at-output": ("calls", "references", "preactivated"),
    "derivative-formula-on-preactivation": ("calls", "references", "activated"),
    "activation-derivative-of-gradient": ("calls", "references"),
    "unstable-softmax": ("extremes", "shifts"),
    "gradient-scale": ("factors", "means", "shapes", "columns", "regroups", "divides"),
    "wrong-loss": ("factors", "means"),
    "transposed-gradient": ("transposes",),
    "recurrent-transpose": ("transposes",),
    "wrong-layer-input": ("counts", "compares", "neighbours", "loops"),
    "off-by-one-time": ("indices", "counts", "compares", "zeros"),
    "skips-samples": ("counts", "compares", "bounds"),
    "update-rule": ("factors", "augs", "statements", "unwraps"),
    "not-converged": ("factors", "statements", "augs"),
    "learning-rate-too-high": ("factors", "statements"),
    "init-too-large": ("written_factors", "augs", "scales", "defaults", "regroups"),
    "bias-not-summed": ("sums", "means", "accumulates"),
    "gradient-sign": ("minus", "swaps"),
}


def _closure(functions: dict[str, ast.AST], start: list[str], named) -> list[str]:
    """The names of ``functions`` reached from ``start`` through ``named(function)`` (the names it refers to)."""
    todo, seen = [n for n in start if n in functions], set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += [n for n in named(functions[name]) if n in functions]
    return sorted(seen, key=lambda n: functions[n].lineno)


def _reachable(tree: ast.Module, entry: set[str]) -> list[ast.AST]:
    """The parts of the file the checked functions can run: the module's own statements, every class, and
    the functions named from those (a function nothing checked calls is never edited)."""
    functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    roots: list[ast.AST] = [n for n in tree.body if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]

    def named(node: ast.AST) -> list[str]:
        return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]

    start = list(entry) + [name for root in roots for name in named(root)]
    return roots + [functions[n] for n in _closure(functions, start, named)]


def way_lines(text: str, way: set[str]) -> frozenset[int]:
    """The lines of the functions ``way`` names and of those they call (a backward and its helpers)."""
    tree = parsed(text)
    return frozenset() if tree is None else \
        frozenset(n for fn in _called(tree, way) for n in range(fn.lineno, (fn.end_lineno or fn.lineno) + 1))


def _called(tree: ast.Module, entry: set[str]) -> list[ast.AST]:
    """The checked functions and the file's functions they call, by name, at any depth."""
    functions = {n.name: n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}

    def called(node: ast.AST) -> list[str]:
        return [n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]

    return [functions[n] for n in _closure(functions, list(entry), called)]


def edits(text: str, mistake: str, entry: set[str], way: set[str] | None = None) -> list[Edit]:
    """Every candidate edit for ``mistake``, family by family, each place once. ``way``: the functions a failed
    gradient check called (a sign is looked for on their way only; default ``entry``)."""
    tree = parsed(text)
    families = FAMILIES.get(mistake)
    if tree is None or not families:
        return []
    one_argument = _one_argument_functions(tree)
    parts = _reachable(tree, entry)
    nodes = [n for part in parts for n in ast.walk(part)]
    call_funcs = {id(n.func) for n in nodes if isinstance(n, ast.Call)}
    stored = {id(t) for n in nodes if isinstance(n, ast.Assign) for t in n.targets}
    # names something is divided by (``N = len(y)`` of ``/ N``): a count of samples, never of layers
    divisors = {n.id for b in nodes if isinstance(b, ast.BinOp) and isinstance(b.op, (ast.Div, ast.FloorDiv))
                for n in ast.walk(b.right) if isinstance(n, ast.Name)}
    operands = {id(n.left) for n in nodes if isinstance(n, ast.BinOp)} | \
        {id(n.right) for n in nodes if isinstance(n, ast.BinOp)} | \
        {id(n.operand) for n in nodes if isinstance(n, ast.UnaryOp)}
    # ``2 * rng.random(n) - 1``: a product a sum shifts (a draw mapped onto [-1, 1)): its factor is never dropped,
    # which would leave every weight below zero (dead units whose outputs are all alike)
    shifted = {id(side) for b in nodes if isinstance(b, ast.BinOp) and isinstance(b.op, (ast.Add, ast.Sub))
               for side in (b.left, b.right) if isinstance(side, ast.BinOp)}
    # ``-a * (a - 1)``: a minus that a factor written the other way round cancels (it is ``a * (1 - a)``)
    cancelled = {id(side) for b in nodes if isinstance(b, ast.BinOp) and isinstance(b.op, (ast.Mult, ast.Div))
                 for side, other in ((b.left, b.right), (b.right, b.left))
                 if isinstance(side, ast.UnaryOp) and isinstance(side.op, ast.USub) and
                 isinstance(other, ast.BinOp) and isinstance(other.op, ast.Sub)}
    # ``return dxT.T, dwT.T``, ``g["W"] = gT.T``: a name turned back to the contract's layout, alone: a student
    # who works transposed converts there, and a mistake made in the other layout shows there too
    conversions = {id(n) for n in nodes if isinstance(n, (ast.Assign, ast.Return)) and n.value is not None
                   for n in ([n.value] + (n.value.elts if isinstance(n.value, ast.Tuple) else []) +
                             (n.value.values if isinstance(n.value, ast.Dict) else []))
                   if isinstance(n, ast.Attribute) and n.attr == "T" and isinstance(n.value, (ast.Name, ast.Subscript))}
    conversions |= {id(n) for n in nodes if isinstance(n, (ast.List, ast.Tuple)) for n in n.elts
                    if isinstance(n, ast.Attribute) and n.attr == "T" and isinstance(n.value, (ast.Name, ast.Subscript))}
    defined = frozenset(n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
    # a minus written on the way (``-dZ``, ``-a * (a - 1)``): the sign may be taken there, so a difference the
    # other way round elsewhere could make up for it on a right line: no difference is swapped
    written_minus = any(isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub) and
                        not isinstance(n.operand, ast.Constant) for fn in _called(tree, way or entry)
                        for n in ast.walk(fn))
    strings = frozenset(n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)
                        and n.value in _ACTIVATION_STRINGS)
    pairs = _activation_pairs(tree, one_argument)
    made = _made_from(tree, text, one_argument)
    shapes = _shape_names(tree)
    # the file's functions whose last parameters have defaults: how many positional arguments they require
    # (a written spread or gain, ``gain=2.0``, or one worked out inside, ``std=None``: a parameter that takes a
    # count, ``fan=1``, is given its count)
    defaults = {n.name: len(n.args.posonlyargs + n.args.args) - len(n.args.defaults) for n in ast.walk(tree)
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.args.defaults and
                isinstance(n.args.defaults[-1], ast.Constant) and
                (type(n.args.defaults[-1].value) is float or n.args.defaults[-1].value is None)}
    counts = _count_names(tree)
    out: list[Edit] = []
    for family in families:
        start = len(out)
        for node in nodes:
            if family == "calls" and isinstance(node, ast.Call):
                out += _calls(node, text, one_argument)
            elif family == "references" and isinstance(node, (ast.Name, ast.Attribute)) and \
                    isinstance(node.ctx, ast.Load) and id(node) not in call_funcs and id(node) not in stored:
                out += _references(node, one_argument)
            elif family == "wraps" and isinstance(node, (ast.Assign, ast.Return)) and node.value is not None and \
                    _layer_value(node.value) and _returned_as_output(node, parts):
                out += _wraps(node.value, text)
            elif family == "rewrites" and (isinstance(node, ast.Assign) and len(node.targets) == 1 or
                                           isinstance(node, ast.Return) and node.value is not None) and \
                    _inside_function(node, parts) and not _read_by_a_dead_store(node, parts):
                out += _rewrites(node, text)
            elif family == "compares" and isinstance(node, ast.Compare):
                out += _compares(node, text)
            elif family == "counts" and (isinstance(node, ast.Assign) and _count_like(node.value) and
                                         not _names(node.targets) & divisors or
                                         isinstance(node, ast.Return) and node.value is not None):
                out += _counts(node.value, text)
            elif family == "counts" and isinstance(node, ast.Call) and _name(node.func) == "range":
                out += _counts(node, text)
            elif family == "strings" and isinstance(node, ast.Constant):
                out += _strings(node, strings)
            elif family == "switches" and isinstance(node, ast.Constant):
                out += _switch(node)
            elif family == "transposes":
                out += _transposes(node, text, id(node) in conversions)
            elif family == "factors" and isinstance(node, ast.BinOp):
                out += _factors(node, text)
            elif family == "written_factors" and isinstance(node, ast.BinOp) and id(node) not in shifted:
                out += _factors(node, text, numbers_only=True)
            elif family == "statements" and isinstance(node, (ast.AugAssign, ast.Assign)) and \
                    _inside_function(node, parts):
                out += _statements(node, _assigned_before(node, parts))
            elif family == "augs" and isinstance(node, ast.AugAssign):
                out += _augs(node, text)
            elif family == "scales" and isinstance(node, ast.Constant) and id(node) not in operands and \
                    _inside_function(node, parts):
                out += _scales(node)
            elif family == "minus" and isinstance(node, ast.UnaryOp):
                out += _minus(node, text, id(node) in cancelled)
            elif family == "indices" and isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and \
                    _inside_function(node, parts):
                out += _indices(node, text)
            elif family == "sums" and isinstance(node, (ast.Assign, ast.AugAssign)) and \
                    isinstance(node.value, (ast.Name, ast.Subscript)) and _inside_function(node, parts):
                out += _sums(node.value, text)
            elif family == "sums" and isinstance(node, ast.Call) and _name(node.func) == "append" and \
                    len(node.args) == 1 and isinstance(node.args[0], (ast.Name, ast.Subscript)):
                out += _sums(node.args[0], text)
            elif family == "swaps" and not written_minus:
                out += _swaps(node, text, defined)
            elif family == "shifts" and isinstance(node, ast.Call):
                out += _shifts(node, text)
            elif family == "accumulates" and isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], (ast.Subscript, ast.Name)) and _in_loop(node, parts):
                out += _accumulates(node, text)
            elif family == "unwraps" and isinstance(node, ast.Call):
                out += _unwraps(node, text, defined)
            elif family == "means" and isinstance(node, ast.Call):
                out += _means(node)
            elif family == "extremes":
                out += _extremes(node, text)
            elif family == "signs":
                out += _signs(node, text)
            elif family in ("activated", "preactivated") and isinstance(node, (ast.Name, ast.Attribute)) and \
                    isinstance(node.ctx, ast.Load) and id(node) not in call_funcs:
                out += _renames(node, pairs, family == "activated")
                if family == "preactivated" and isinstance(node, ast.Name):
                    out += _recomputed(node, made)
            elif family == "defaults" and isinstance(node, ast.Call):
                out += _defaults(node, text, defaults, counts)
            elif family == "regroups" and isinstance(node, ast.BinOp) and not (
                    # ``2 * rng.random(n) - 1`` regrouped leaves every weight below zero: dead units, not small ones
                    mistake == "init-too-large" and
                    any(_name(c.func) in DRAWS for c in ast.walk(node) if isinstance(c, ast.Call))):
                out += _regroups(node, text)
            elif family == "divides" and isinstance(node, ast.Return) and node.value is not None:
                fn = _function_of(node, parts)
                if fn is not None:
                    inside = {id(b) for b in ast.walk(node)}  # never the return's own ``/ count``: it has it
                    out += _divides(node, text, frozenset(
                        n.id for b in ast.walk(fn) if isinstance(b, ast.BinOp) and isinstance(b.op, ast.Div) and
                        id(b) not in inside for n in [b.right] if isinstance(n, ast.Name)))
            elif family == "zeros" and isinstance(node, ast.Call):
                out += _zeros(node, text)
            elif family == "compared" and isinstance(node, ast.Expr):
                out += _compared(node, text)
            elif family == "shapes" and isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                out += _counts_swapped(node, shapes)
            elif family == "neighbours" and isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                fn = _function_of(node, parts)
                if fn is not None:
                    out += _neighbours(node, _bound_names(fn))
            elif family == "loops" and isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
                out += _loop_indices(node, text, _loop_variables(node, parts))
            elif family == "columns":
                out += _columns(node, text)
            elif family == "bounds" and isinstance(node, ast.Call):
                out += _bounds(node, text)
            elif family == "tables" and isinstance(node, ast.BinOp):
                out += _tables(node, text)
        out[start:] = [dataclasses.replace(e, family=family) for e in out[start:]]
    unique, seen = [], set()
    for e in out:
        key = (e.start, e.end, e.text)
        if key not in seen:
            seen.add(key)
            unique.append(e)
    return unique + _everywhere(unique, parts)


def _everywhere(found: list[Edit], parts: list[ast.AST]) -> list[Edit]:
    """The same edit made at every place of one function where it applies, on two lines or more: one mistake
    written once per parameter (``w - lr * dw / N``, ``b - lr * db / N``) is undone only on all of them."""
    groups: dict[tuple, list[Edit]] = {}
    for e in found:
        scope = _part_of(e.line, parts)
        if scope is not None:
            groups.setdefault((scope.lineno, e.label), []).append(e)
    out = []
    for same in groups.values():
        starts = {e.start for e in same}
        overlapping = any(a.start < b.end and b.start < a.end for a in same for b in same if a is not b)
        if len({e.line for e in same}) < 2 or len(starts) != len(same) or overlapping:
            continue
        same = sorted(same, key=lambda e: e.start)
        runs = [same]  # every place, and each run of places on consecutive lines (``step_w``, ``step_b``)
        run = [same[0]]
        for e in same[1:]:
            if e.line - run[-1].line <= 1:
                run.append(e)
            else:
                runs.append(run)
                run = [e]
        runs.append(run)
        for r in runs:
            if len({e.line for e in r}) > 1 and (r is same or len(r) < len(same)):
                out.append(dataclasses.replace(r[0], more=tuple(r[1:])))
    return out


def _returned_as_output(node: ast.stmt, parts: list[ast.AST]) -> bool:
    """``node`` gives what its function returns (alone or first): an output layer's value. A value another line
    goes on to transform is never wrapped: an activation put there can make up for a wrong one applied next
    (the ReLU of a sigmoid is that sigmoid)."""
    fn = _function_of(node, parts)
    if fn is None:
        return False
    if isinstance(node, ast.Return):
        return True
    names = {t.id for t in node.targets if isinstance(t, ast.Name)}
    for ret in (n for n in ast.walk(fn) if isinstance(n, ast.Return) and n.value is not None):
        first = ret.value.elts[0] if isinstance(ret.value, ast.Tuple) and ret.value.elts else ret.value
        if isinstance(first, ast.Name) and first.id in names:
            return True
    return False


def _part_of(line: int, parts: list[ast.AST]) -> ast.AST | None:
    """The module-level function of ``parts`` whose lines hold ``line``."""
    return next((p for p in parts if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)) and
                 p.lineno <= line <= (p.end_lineno or p.lineno)), None)


def _function_of(node: ast.AST, parts: list[ast.AST]) -> ast.AST | None:
    """The innermost function of ``parts`` that holds ``node``."""
    found = None
    for p in parts:
        for fn in ast.walk(p):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                    fn.lineno <= node.lineno <= (fn.end_lineno or fn.lineno) and \
                    (found is None or fn.lineno >= found.lineno):
                found = fn
    return found


def _read_by_a_dead_store(node: ast.stmt, parts: list[ast.AST]) -> bool:
    """``Z1 = clip(A1)`` then ``H = sigmoid(Z1)`` that nothing reads: the student made the activation and used
    another name where it belongs; rewriting ``Z1`` would make up for that on a right line."""
    fn = _function_of(node, parts)
    if fn is None or not isinstance(node, ast.Assign):
        return False
    mine = {t.id for t in node.targets if isinstance(t, ast.Name)}
    loads = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
    for other in ast.walk(fn):
        if isinstance(other, ast.Assign) and other is not node and len(other.targets) == 1 and \
                isinstance(other.targets[0], ast.Name) and \
                any(isinstance(n, ast.Name) and n.id in mine for n in ast.walk(other.value)):
            name = other.targets[0].id
            if not any(n.id == name and (n.lineno, n.col_offset) > (other.lineno, other.col_offset) for n in loads):
                return True
    return False


def _assigned_before(node: ast.Assign, parts: list[ast.AST]) -> bool:
    """Every name ``node`` sets was set before it in the same function (``dw, db = vw, vb``)."""
    if not isinstance(node, ast.Assign) or not all(isinstance(t, (ast.Name, ast.Tuple)) for t in node.targets):
        return False
    names = {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    fn = _part_of(node.lineno, parts)
    if fn is None or not names:
        return False
    before = {n.id for a in ast.walk(fn) if isinstance(a, (ast.Assign, ast.AugAssign)) and a.lineno < node.lineno
              for t in (a.targets if isinstance(a, ast.Assign) else [a.target]) for n in ast.walk(t)
              if isinstance(n, ast.Name)} | {a.arg for a in fn.args.args + fn.args.posonlyargs + fn.args.kwonlyargs}
    return names <= before


def _in_loop(node: ast.AST, parts: list[ast.AST]) -> bool:
    """``node`` is inside a ``for`` or ``while`` of one of ``parts``."""
    return any(isinstance(loop, (ast.For, ast.While)) and loop is not node and
               loop.lineno < node.lineno <= (loop.end_lineno or loop.lineno)
               for p in parts for loop in ast.walk(p))


def _bound_names(fn: ast.AST) -> frozenset[str]:
    """The names a function sets or takes."""
    names = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    args = fn.args
    return frozenset(names | {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs})


def _loop_variables(node: ast.AST, parts: list[ast.AST]) -> list[str]:
    """The plain variables of the ``for`` loops that hold ``node``."""
    return sorted({loop.target.id for p in parts for loop in ast.walk(p)
                   if isinstance(loop, ast.For) and isinstance(loop.target, ast.Name) and
                   loop.body and loop.body[0].lineno <= node.lineno <= (loop.end_lineno or loop.lineno)})


def _inside_function(node: ast.AST, parts: list[ast.AST]) -> bool:
    return any(isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and
               p.lineno <= node.lineno <= (p.end_lineno or p.lineno) for p in parts)


def apply(text: str, edit: Edit) -> str:
    """``text`` with the edit made (at each of its places); the lines keep their numbers when each place is on
    one line."""
    for e in sorted((edit, *edit.more), key=lambda e: e.start, reverse=True):
        text = _apply_one(text, e)
    return text


def _apply_one(text: str, edit: Edit) -> str:
    lines = text.split("\n")
    (l1, c1), (l2, c2) = edit.start, edit.end
    head = "\n".join(lines[:l1 - 1] + [lines[l1 - 1][:_col(lines[l1 - 1], c1)]])
    tail = "\n".join([lines[l2 - 1][_col(lines[l2 - 1], c2):]] + lines[l2:])
    return head + edit.text + "\n" * (l2 - l1) + tail


def _col(line: str, offset: int) -> int:
    """A column given in UTF-8 bytes (``ast``'s offsets), as a character index into ``line``."""
    return len(line.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
