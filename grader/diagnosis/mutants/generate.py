"""Mutants generated from the model answer's source, so that a new assignment gets its mistakes named.

``generate(ref, {"backward": "gradient", "train": "training"})`` parses the
source of ``ref`` (the file ``ref.__file__``) and, for each listed top-level
function, applies every operator below at every node where it applies: one
*edit* per mutant. A mutant overrides that one function with the compiled
edited function; ``bind`` re-binds its globals to the reference namespace, so
it calls the reference's other functions (and they call it).

Operators, one family per catalogue id (docs/mistakes.md), each in the stages
where the mistake belongs (the stage of a function is given by the caller):

==========================  ==========================================================  ====================
id                          edit                                                        stages
==========================  ==========================================================  ====================
gradient-sign               ``a - b`` -> ``b - a`` (both sides non-constant)            gradient
gradient-scale              ``e / D`` -> ``e``; ``D`` -> another count (``Y.size`` ->   gradient
                            ``Y.shape[0]``, ``N * T`` -> ``N``, ``N`` -> ``K``,
                            ``N * K``); ``c * e`` -> ``e`` and ``2c * e``; ``c / D`` ->
                            ``1.0 / D`` and ``2c / D``; ``mean`` -> ``sum``
transposed-gradient         weight gradient ``A.T @ B`` -> ``B.T @ A``, the same        gradient, training
                            reshaped to the right shape, ``A @ B`` (``.T`` dropped);
                            ``B @ A.T`` (column layout) alike; every weight gradient
overwrite-not-accumulate    ``x += e`` in a for loop -> ``x = e``; ``x = x + e`` ->     gradient
                            ``x = e``; every one of the loop
bias-not-summed             ``e.sum(axis=k)`` / ``np.sum(e, axis=k)`` ->                gradient, training
                            ``e.mean(axis=k)``, first row, last row along ``k``
                            (a tuple of axes: the first one); every bias of the function
off-by-one-time             a time loop's ``range``: last or first step dropped (the    gradient
                            loop variable is ``t`` or indexes ``x[:, t]``); a weight
                            gradient from a time-shifted state (``h_prev`` <-> ``hs``);
                            the initial state of a shifted sequence replaced by zeros;
                            ``x[:, t - 1]`` -> ``x[:, t]`` in a time loop
skips-samples               an inner (sample or batch) loop of a training function:     training
                            ``range`` bounds (last / first sample, last batch), or
                            ``I[:-1]``, ``I[1:]``, ``permutation(n - 1)``
update-rule                 ``p - lr * g`` -> ``p + lr * g``, ``-=`` -> ``+=``; also    training
                            every update of the function at once
activation-derivative-at-   ``f_derivative(x)`` -> ``f_derivative(f(x))``; inline       gradient, training,
output                      ``a * (1 - a)`` -> at ``sigmoid(a)`` and ``1 - h ** 2`` ->  forward
                            at ``np.tanh(h)``; every one of the function at once
wrong-layer-input           a weight gradient's input array (``X`` in ``X.T @ d``)      gradient, training
                            replaced by another array the function unpacked from its
                            inputs, or ``seq[l - 1]`` by ``seq[l]`` / ``seq[l - 2]``
recurrent-transpose         ``dh_next = d @ W.T`` in a loop (``W`` the same every step) gradient
                            -> ``d @ W``
missing-recurrent-gradient  ``a + carried`` in a loop -> ``a`` (``carried`` set by the  gradient
                            previous iteration)
==========================  ==========================================================  ====================

Not in training functions: a sign or a constant factor there (an SGD step's
``lr * 2.0 * r``) is exactly gradient ascent or another learning rate, which
update-rule and the training dynamics name; such mutants would only tie.

An edit that can be seen not to change the function (``/ 1``, ``a - a``) is
not generated. Mutants that raise, or equal the reference on some inputs, are
fine: the matcher skips them there. An edit may have several *sites* when it
is the same habit applied wherever it applies in the function ("every bias
gradient averaged"), as a student's mistake is; a loop-range edit also turns
``np.empty``/``np.empty_like`` of the function into ``np.zeros``/``np.zeros_like``
so that the steps it skips read zeros, not garbage (deterministic).

Each mutant's function is compiled from its edited ``FunctionDef`` alone, with
the filename ``"<mutant of MODULE.FUNCTION line L: ID: WHAT>"`` and the
reference's line numbers; its module AST is registered under that filename in
``SOURCES`` (for the line tracer). ``edits_of(mutant)`` gives its ``Edit``\\ s;
``combine(a, b)`` makes one mutant with two edits (a ``Combo``).

Deterministic (same mutants, names and order every run) and cached per
(module name, functions).
"""
from __future__ import annotations

import ast
import copy
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from types import FunctionType, ModuleType
from typing import Callable, Iterator

from . import STAGES, Mutant

#: filename of every generated function -> the module AST it was compiled from (a line tracer reads it)
SOURCES: dict[str, ast.Module] = {}

MAX_PER_FUNCTION = 60  #: at most this many mutants per function (the first ones in family order)
MAX_LAYER_INPUTS = 3  #: other arrays tried per weight gradient (wrong-layer-input)
SNIPPET = 60  #: longest code snippet in a mutant's name

FAMILIES = ("gradient-sign", "gradient-scale", "transposed-gradient", "overwrite-not-accumulate",
            "bias-not-summed", "off-by-one-time", "skips-samples", "update-rule",
            "activation-derivative-at-output", "wrong-layer-input", "recurrent-transpose",
            "missing-recurrent-gradient")

_Path = tuple  # of (field, index or None) steps from the FunctionDef


@dataclass(frozen=True)
class Site:
    """One node replaced: the node at ``path`` (from the FunctionDef) becomes ``transform(node)``."""

    path: _Path
    transform: Callable[[ast.AST], ast.AST] = field(compare=False, repr=False)


@dataclass(frozen=True)
class Edit:
    """What a generated mutant changed in the reference, in the reference's coordinates."""

    module: str  #: the reference module's name
    function: str  #: the function edited
    line: int  #: the first site's line in the reference file
    col: int
    op: str  #: the operator, e.g. "drop-division"
    id: str  #: the catalogue id
    before: str  #: the code at the (first) site
    after: str  #: what it became
    what: str  #: plain words, e.g. "`/ Y.size` dropped"
    lines: tuple[int, ...] = ()  #: every site's line
    sites: tuple[Site, ...] = field(default=(), compare=False, repr=False)
    #: sites that only make the edit well-defined (``np.empty`` -> ``np.zeros`` for a loop edit); shared
    #: by edits of the same function, applied once
    helpers: tuple[Site, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Combo:
    """Two mistakes at once: ``mutant`` makes both edits; ``ids`` are their catalogue ids.

    ``mutant.id`` is ``ids[0]`` (a Mutant needs one catalogue id); name both with ``ids``.
    """

    ids: tuple[str, str]
    mutant: Mutant
    parts: tuple[Mutant, Mutant]


# --------------------------------------------------------------------------- small AST helpers


def _loc(new: ast.AST, old: ast.AST) -> ast.AST:
    """``new`` and its new descendants at ``old``'s position; a node of the reference keeps its own (it is
    shared by every mutant and never changed). Cheaper than ``ast.fix_missing_locations`` on the whole
    function."""
    if getattr(old, "lineno", None) is None:
        return new
    if "lineno" in new._attributes and getattr(new, "lineno", None) is None:
        ast.copy_location(new, old)
    for child in ast.iter_child_nodes(new):
        _loc(child, old)
    return new


def _snip(node: ast.AST, operand: bool = False) -> str:
    """Code of ``node``, shortened; ``operand``: in parentheses when it is an operation (``/ (N * T)``)."""
    text = ast.unparse(node)
    if operand and isinstance(node, (ast.BinOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Lambda)):
        text = f"({text})"
    return text if len(text) <= SNIPPET else text[: SNIPPET - 3] + "..."


def _is_num(node: ast.AST) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _num(node: ast.AST) -> float:
    if isinstance(node, ast.UnaryOp):
        v = _num(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    return node.value


def _const(value: float, like: ast.AST) -> ast.expr:
    """A numeric literal of ``like``'s type (an int stays an int when it can)."""
    if isinstance(_num(like), int) and float(value).is_integer():
        value = int(value)
    else:
        value = float(value)
    node = ast.Constant(value=abs(value))
    return ast.UnaryOp(op=ast.USub(), operand=node) if value < 0 else node


def _same(a: ast.AST, b: ast.AST) -> bool:
    return ast.dump(a) == ast.dump(b)


def _base(node: ast.AST) -> str | None:
    """The variable an array expression starts from: ``X`` in ``X``, ``X.T``, ``X[i]``, ``X.reshape(n, d)``."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
        else:
            return None


def _base_path(node: ast.AST, path: _Path) -> _Path:
    """The path of the Name ``_base`` finds."""
    while not isinstance(node, ast.Name):
        if isinstance(node, (ast.Attribute, ast.Subscript)):
            node, path = node.value, path + (("value", None),)
        else:  # a method call
            node, path = node.func.value, path + (("func", None), ("value", None))
    return path


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _plus(node: ast.expr, k: int) -> ast.expr:
    """``node + k`` written simply (``l - 1`` + 1 is ``l``, ``0 + 1`` is ``1``)."""
    if _is_num(node) and isinstance(_num(node), int):
        return _const(_num(node) + k, node)
    if (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) and _is_num(node.right)
            and isinstance(_num(node.right), int)):
        c = _num(node.right) * (1 if isinstance(node.op, ast.Add) else -1) + k
        if c == 0:
            return node.left
        return ast.BinOp(left=node.left, op=ast.Add() if c > 0 else ast.Sub(), right=ast.Constant(abs(c)))
    return ast.BinOp(left=node, op=ast.Add() if k > 0 else ast.Sub(), right=ast.Constant(abs(k)))


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _get(root: ast.AST, path: _Path) -> ast.AST:
    node = root
    for name, index in path:
        node = getattr(node, name)
        if index is not None:
            node = node[index]
    return node


def _replace(root: ast.AST, path: _Path, transform: Callable[[ast.AST], ast.AST]) -> ast.AST:
    """A copy of ``root`` with the node at ``path`` transformed; only the nodes on the path are copied."""
    if not path:
        return transform(root)
    (name, index), rest = path[0], path[1:]
    new = copy.copy(root)
    child = getattr(root, name)
    if index is None:
        setattr(new, name, _replace(child, rest, transform))
    else:
        items = list(child)
        items[index] = _replace(child[index], rest, transform)
        setattr(new, name, items)
    return new


def _apply(fn: ast.FunctionDef, sites: tuple[Site, ...]) -> ast.FunctionDef:
    """Every site applied, the deepest first (so a site inside another one's node is seen by it)."""
    for site in sorted(sites, key=lambda s: -len(s.path)):
        fn = _replace(fn, site.path, site.transform)
    return fn


# --------------------------------------------------------------------------- what a function looks like

#: calls whose arguments are shapes, counts or indices (their constants and subtractions are not arithmetic)
_INDEX_CALLS = frozenset({"range", "len", "reshape", "zeros", "ones", "empty", "full", "eye", "arange",
                          "permutation", "integers", "choice", "standard_normal", "normal", "uniform",
                          "transpose", "swapaxes", "expand_dims", "zeros_like", "ones_like", "empty_like",
                          "full_like", "take_along_axis", "enumerate", "zip", "print", "isinstance"})
_WEIGHT = re.compile(r"^(W|w)([A-Za-z]{0,3}|_?\d+)$|^weights?_?\d*$")
_DERIV_SUFFIXES = ("_derivative", "_prime", "_deriv", "_grad")
_SIGMOIDS = ("sigmoid", "logistic", "expit")


@dataclass
class _Node:
    node: ast.AST
    path: _Path
    parent: ast.AST | None
    loops: tuple  # enclosing For nodes, outermost first
    index: bool  # inside a subscript, a keyword or a shape-like call: not arithmetic
    stmt: ast.AST | None = None  # the innermost statement around (or at) the node


def _walk(node: ast.AST, path: _Path = (), parent=None, loops: tuple = (), index: bool = False,
          stmt: ast.AST | None = None) -> Iterator[_Node]:
    if isinstance(node, ast.stmt):
        stmt = node
    yield _Node(node, path, parent, loops, index, stmt)
    for name, value in ast.iter_fields(node):
        child_loops = loops + (node,) if isinstance(node, (ast.For, ast.While)) and name == "body" else loops
        child_index = (index or (isinstance(node, ast.Subscript) and name == "slice")
                       or isinstance(node, (ast.keyword, ast.JoinedStr))
                       or (isinstance(node, ast.Call) and name == "args" and _call_name(node) in _INDEX_CALLS))
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, ast.AST):
                    yield from _walk(item, path + ((name, i),), node, child_loops, child_index, stmt)
        elif isinstance(value, ast.AST):
            yield from _walk(value, path + ((name, None),), node, child_loops, child_index, stmt)


class _Info:
    """What the operators need to know about one function."""

    def __init__(self, fn: ast.FunctionDef, ref: ModuleType, defined: set[str]) -> None:
        self.fn = fn
        self.nodes = list(_walk(fn))
        self.args = [a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs]
        self.numpy = next((k for k, v in sorted(vars(ref).items(), key=lambda kv: kv[0] != "np")
                           if v is sys.modules.get("numpy")), None)
        self.defined = defined  # the module's top-level functions
        self.params = {a for a in self.args if "param" in a.lower()}
        self.unpacked: list[str] = []  # names unpacked from an argument that holds arrays (a cache)
        self.assigned: dict[str, list[ast.expr]] = {}
        for stmt in ast.walk(fn):
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(stmt.value)
        for stmt in fn.body:
            if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], (ast.Tuple, ast.List)) and isinstance(stmt.value, ast.Name)
                    and stmt.value.id in self.args):
                names = [e.id for e in stmt.targets[0].elts if isinstance(e, ast.Name)]
                if stmt.value.id in self.params:
                    self.params.update(names)
                else:
                    self.unpacked += [n for n in names if n not in self.unpacked]
        # names only ever used subscripted (a list of arrays, a dict): not arrays themselves
        bare: set[str] = set()
        for n in self.nodes:
            if isinstance(n.node, ast.Name) and isinstance(n.node.ctx, ast.Load) \
                    and not (isinstance(n.parent, ast.Subscript) and n.path[-1][0] == "value"):
                bare.add(n.node.id)
        self.containers = {n.node.value.id for n in self.nodes if isinstance(n.node, ast.Subscript)
                           and isinstance(n.node.value, ast.Name)} - bare
        # Z = concatenate([init, Y[:, :-1]]): Z is Y shifted by one step (init first)
        self.shifts: dict[str, tuple[str, ast.expr]] = {}
        for name, values in self.assigned.items():
            if len(values) == 1 and isinstance(values[0], ast.Call) and values[0].args \
                    and isinstance(values[0].args[0], (ast.List, ast.Tuple)) and len(values[0].args[0].elts) == 2:
                init, rest = values[0].args[0].elts
                if isinstance(rest, ast.Subscript) and isinstance(rest.value, ast.Name) and _drops_last(rest.slice):
                    self.shifts[name] = (rest.value.id, init)
        # the shape counts: N, T, K = P.shape -> {N: ("P", 0, ["N", "T", "K"])}; N = X.shape[0] -> its expression
        self.dims: dict[str, tuple[list[str], ast.expr | None]] = {}
        for stmt in ast.walk(fn):
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target, value = stmt.targets[0], stmt.value
                if isinstance(target, ast.Tuple) and isinstance(value, ast.Attribute) and value.attr == "shape":
                    names = [e.id for e in target.elts if isinstance(e, ast.Name)]
                    for n in names:
                        self.dims[n] = (names, None)
                elif isinstance(target, ast.Name) and _count_alternatives(value, self):
                    self.dims[target.id] = ([target.id], value)

        self.returned = {name for r in ast.walk(fn) if isinstance(r, ast.Return) and r.value is not None
                         for name in _names(r.value)}
        self._carried: dict[int, set[str]] = {}

    def is_param(self, node: ast.AST) -> bool:
        """A parameter: from an argument named like ``params``, or a weight by its name (``w``, ``W2``, ``Whh``)."""
        name = _base(node)
        return name in self.params or (name is not None and _WEIGHT.match(name) is not None)

    def makes_gradient(self, n: _Node) -> bool:
        """The node's statement produces a result: ``return ...``, ``grads[k] = ...``, ``dw = ...`` with
        ``dw`` returned, ``grads.append(...)``, or ``x += ...``."""
        stmt = n.stmt
        if isinstance(stmt, ast.Return):
            return True
        if isinstance(stmt, ast.AugAssign):
            return True
        if isinstance(stmt, ast.Assign):
            return any(isinstance(t, (ast.Subscript, ast.Attribute))
                       or (isinstance(t, ast.Name) and t.id in self.returned)
                       or (isinstance(t, ast.Tuple) and any(isinstance(e, ast.Name) and e.id in self.returned
                                                             for e in t.elts))
                       for t in stmt.targets)
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            return _call_name(stmt.value) in ("append", "extend", "insert")
        return False

    def carried(self, loop: ast.For) -> set[str]:
        if id(loop) not in self._carried:
            self._carried[id(loop)] = self._carried_names(loop)
        return self._carried[id(loop)]

    def _carried_names(self, loop: ast.For) -> set[str]:
        """Names a loop reads and assigns that were set before it: what one iteration hands the next."""
        inside: set[str] = set()
        read: set[str] = set()
        for stmt in loop.body:
            for n in ast.walk(stmt):
                if isinstance(n, ast.Name):
                    (inside if isinstance(n.ctx, ast.Store) else read).add(n.id)
        outside = {t.id for stmt in self.fn.body if stmt is not loop
                   for s in ast.walk(stmt) if isinstance(s, ast.Assign)
                   for t in s.targets if isinstance(t, ast.Name)}
        return inside & read & outside


def _drops_last(slice_: ast.AST) -> bool:
    """``[:, :-1]`` or ``[:-1]``: a sequence without its last step."""
    parts = slice_.elts if isinstance(slice_, ast.Tuple) else [slice_]
    return any(isinstance(p, ast.Slice) and p.lower is None and p.upper is not None and _is_num(p.upper)
               and _num(p.upper) == -1 for p in parts)


# --------------------------------------------------------------------------- candidates


@dataclass
class _Candidate:
    id: str
    op: str
    node: ast.AST  # the (first) site's node, for its position
    what: str
    sites: tuple[Site, ...]
    before: str
    after: str
    extra: tuple[Site, ...] = ()  #: sites that only make the edit well-defined (not named, not counted as lines)


def _one(mistake: str, op: str, n: _Node, new: Callable[[ast.AST], ast.AST], what: str | None = None) -> _Candidate:
    """A one-site candidate: ``new(node)`` replaces the node."""
    after = _loc(new(n.node), n.node)
    before_s, after_s = _snip(n.node), _snip(after)
    return _Candidate(mistake, op, n.node, what or f"`{before_s}` written `{after_s}`",
                      (Site(n.path, lambda node, f=new: _loc(f(node), node)),), before_s, after_s)


def _every(mistake: str, op: str, cands: list[_Candidate], what: str) -> list[_Candidate]:
    """The same rewrite at every site of the function at once (a habit), when there are two or more."""
    if len(cands) < 2:
        return []
    sites = tuple(s for c in cands for s in c.sites)
    return [_Candidate(mistake, op, cands[0].node, what, sites, cands[0].before, cands[0].after)]


def _sign(info: _Info, stage: str) -> Iterator[_Candidate]:
    for n in info.nodes:
        node = n.node
        if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and not n.index
                and not _is_num(node.left) and not _is_num(node.right)
                and _names(node.left) and _names(node.right) and not _same(node.left, node.right)
                and not _is_update(node)):
            yield _one("gradient-sign", "swap-subtraction", n,
                       lambda x: ast.BinOp(left=x.right, op=ast.Sub(), right=x.left))


def _is_update(node: ast.BinOp) -> bool:
    """``p - lr * g``: a step, whose sign is the update rule's business."""
    return isinstance(node.right, ast.BinOp) and isinstance(node.right.op, ast.Mult)


def _count_alternatives(den: ast.expr, info: _Info) -> list[ast.expr]:
    """Other counts a mean could have been divided by instead of ``den`` (textually different)."""
    out: list[ast.expr] = []

    def shape(a: ast.expr, i: int) -> ast.expr:
        return ast.Subscript(value=ast.Attribute(value=a, attr="shape", ctx=ast.Load()),
                             slice=_const(i, ast.Constant(0)), ctx=ast.Load())

    def size(a: ast.expr) -> ast.expr:
        return ast.Attribute(value=a, attr="size", ctx=ast.Load())

    if isinstance(den, ast.Attribute) and den.attr == "size":
        out += [shape(den.value, 0), shape(den.value, -1)]
    elif (isinstance(den, ast.Subscript) and isinstance(den.value, ast.Attribute) and den.value.attr == "shape"
          and _is_num(den.slice)):
        a, i = den.value.value, _num(den.slice)
        out += [shape(a, 1 if i == 0 else 0), size(a)]
    elif isinstance(den, ast.Call) and isinstance(den.func, ast.Name) and den.func.id == "len" and len(den.args) == 1:
        out += [size(den.args[0])]
    elif isinstance(den, ast.Name) and den.id in info.dims:
        siblings, expr = info.dims[den.id]
        if expr is not None:
            out += _count_alternatives(expr, info)
        else:
            others = [s for s in siblings if s != den.id]
            out += [ast.Name(id=s, ctx=ast.Load()) for s in others]
            out += [ast.BinOp(left=ast.Name(id=den.id, ctx=ast.Load()), op=ast.Mult(),
                              right=ast.Name(id=s, ctx=ast.Load())) for s in others]
    elif isinstance(den, ast.BinOp) and isinstance(den.op, ast.Mult) and not _is_num(den.left) \
            and not _is_num(den.right):
        out += [den.left, den.right]
    text = ast.unparse(den)
    seen, unique = {text}, []
    for alt in out:
        t = ast.unparse(alt)
        if t not in seen:
            seen.add(t)
            unique.append(alt)
    return unique


def _scale(info: _Info, stage: str) -> Iterator[_Candidate]:
    for n in info.nodes:
        node = n.node
        if n.index or not isinstance(node, (ast.BinOp, ast.Call)):
            continue
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            den = node.right
            if not (_is_num(den) and _num(den) == 1):
                yield _one("gradient-scale", "drop-division", n, lambda x: x.left, f"`/ {_snip(den, True)}` dropped")
            for alt in _count_alternatives(den, info):
                yield _one("gradient-scale", "other-denominator", n,
                           lambda x, alt=alt: ast.BinOp(left=x.left, op=ast.Div(), right=alt),
                           f"`/ {_snip(den, True)}` written `/ {_snip(alt, True)}`")
            if _is_num(node.left) and _num(node.left) not in (0, 1):
                c = node.left
                yield _one("gradient-scale", "drop-factor", n,
                           lambda x, c=c: ast.BinOp(left=_const(1.0, ast.Constant(1.0)), op=ast.Div(), right=x.right),
                           f"factor `{_snip(c)}` of `{_snip(node)}` dropped")
                yield _one("gradient-scale", "double-factor", n,
                           lambda x, c=c: ast.BinOp(left=_const(2 * _num(c), c), op=ast.Div(), right=x.right))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            for side, other in (("left", "right"), ("right", "left")):
                c = getattr(node, side)
                if _is_num(c) and _num(c) not in (0, 1, -1):
                    yield _one("gradient-scale", "drop-factor", n, lambda x, o=other: getattr(x, o),
                               f"`{_snip(c)} *` dropped" if side == "left" else f"`* {_snip(c)}` dropped")

                    def double(x, side=side, c=c):
                        new = copy.copy(x)
                        setattr(new, side, _const(2 * _num(c), c))
                        return new
                    yield _one("gradient-scale", "double-factor", n, double)
        elif (stage == "gradient" and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "mean"):
            def to_sum(x):
                new = copy.copy(x)
                new.func = _loc(ast.Attribute(value=x.func.value, attr="sum", ctx=ast.Load()), x.func)
                return new
            yield _one("gradient-scale", "mean-to-sum", n, to_sum,
                       f"`{_snip(node.func)}` written `{_snip(to_sum(node).func)}`")


def _weight_gradient(node: ast.AST, info: _Info) -> tuple[str, ast.expr, ast.expr] | None:
    """``A.T @ B`` (or ``B @ A.T``, column layout) of two non-parameter arrays: a weight gradient.

    Returns (side of the ``.T``, A, B)."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult)):
        return None
    for side, other in (("left", "right"), ("right", "left")):
        t = getattr(node, side)
        if (isinstance(t, ast.Attribute) and t.attr == "T" and not info.is_param(t.value)
                and not info.is_param(getattr(node, other)) and _base(t.value) is not None):
            return side, t.value, getattr(node, other)
    return None


def _T(node: ast.expr) -> ast.expr:
    return ast.Attribute(value=node, attr="T", ctx=ast.Load())


def _transposed(info: _Info, stage: str) -> Iterator[_Candidate]:
    swaps = []
    for n in info.nodes:
        wg = None if n.index or not info.makes_gradient(n) else _weight_gradient(n.node, info)
        if wg is None:
            continue
        side = wg[0]

        def swap(x, side=side):
            a, b = getattr(x, side).value, getattr(x, "right" if side == "left" else "left")
            if side == "left":  # A.T @ B -> B.T @ A
                return ast.BinOp(left=_T(b), op=ast.MatMult(), right=a)
            return ast.BinOp(left=a, op=ast.MatMult(), right=_T(b))  # B @ A.T -> A @ B.T

        def shaped(x, side=side):
            a = getattr(x, side).value
            b = getattr(x, "right" if side == "left" else "left")
            # the right shape: A.T @ B is A.T.shape[:-1] + B.shape[1:]; B @ A.T is B.shape[:-1] + A.T.shape[1:]
            def part(e, lo, hi):
                return ast.Subscript(value=ast.Attribute(value=e, attr="shape", ctx=ast.Load()),
                                     slice=ast.Slice(lower=lo, upper=hi), ctx=ast.Load())
            one = ast.Constant(1)
            minus = ast.UnaryOp(op=ast.USub(), operand=ast.Constant(1))
            shape = (ast.BinOp(left=part(_T(a), None, minus), op=ast.Add(), right=part(b, one, None)) if side == "left"
                     else ast.BinOp(left=part(b, None, minus), op=ast.Add(), right=part(_T(a), one, None)))
            return ast.Call(func=ast.Attribute(value=swap(x), attr="reshape", ctx=ast.Load()), args=[shape],
                            keywords=[])

        def untransposed(x, side=side):
            new = copy.copy(x)
            setattr(new, side, getattr(x, side).value)
            return new

        c = _one("transposed-gradient", "swap-matmul", n, swap)
        swaps.append(c)
        yield c
        yield _one("transposed-gradient", "swap-matmul-reshaped", n, shaped,
                   f"`{_snip(n.node)}` written `{_snip(swap(n.node))}` reshaped to the weight's shape")
        yield _one("transposed-gradient", "drop-transpose", n, untransposed)
    yield from _every("transposed-gradient", "swap-matmul-everywhere", swaps,
                      "every weight gradient `A.T @ d` written `d.T @ A`")


def _overwrite(info: _Info, stage: str) -> Iterator[_Candidate]:
    by_loop: dict[int, list[_Candidate]] = {}
    for n in info.nodes:
        node = n.node
        if not n.loops:
            continue
        if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
            c = _one("overwrite-not-accumulate", "accumulate-to-assign", n,
                     lambda x: ast.Assign(targets=[x.target], value=x.value),
                     f"`{_snip(node.target)} +=` written `{_snip(node.target)} =` in the loop")
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.BinOp)
              and isinstance(node.value.op, ast.Add) and _same(node.targets[0], node.value.left)
              and isinstance(node.targets[0], (ast.Name, ast.Subscript, ast.Attribute))):
            target = node.targets[0]
            c = _one("overwrite-not-accumulate", "accumulate-to-assign", n,
                     lambda x: ast.Assign(targets=x.targets, value=x.value.right),
                     f"`{_snip(target)} = {_snip(target)} + ...` written `{_snip(target)} = ...` in the loop")
        else:
            continue
        by_loop.setdefault(id(n.loops[-1]), []).append(c)
        yield c
    for cands in by_loop.values():
        yield from _every("overwrite-not-accumulate", "accumulate-to-assign-everywhere", cands,
                          "every `+=` of the loop written `=`")


def _axis_of(call: ast.Call) -> tuple[ast.expr, ast.expr, list[ast.keyword], bool] | None:
    """(the array, the axis, the other keywords, keepdims) of ``e.sum(axis=k)`` / ``np.sum(e, axis=k)``."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "sum"):
        return None
    axis = next((k.value for k in call.keywords if k.arg == "axis"), None)
    rest = [k for k in call.keywords if k.arg != "axis"]
    module_form = isinstance(call.func.value, ast.Name) and call.func.value.id in ("np", "numpy")
    if module_form:
        if not call.args:
            return None
        array = call.args[0]
        if axis is None and len(call.args) > 1:
            axis = call.args[1]
    else:
        array = call.func.value
        if axis is None and call.args:
            axis = call.args[0]
    if axis is None:
        return None
    axes = axis.elts if isinstance(axis, ast.Tuple) else [axis]
    if not axes or not all(_is_num(a) and isinstance(_num(a), int) for a in axes):
        return None
    keep = any(k.arg == "keepdims" and isinstance(k.value, ast.Constant) and k.value.value is True for k in rest)
    return array, axis, rest, keep


def _bias(info: _Info, stage: str) -> Iterator[_Candidate]:
    variants: dict[str, list[_Candidate]] = {"mean": [], "first": [], "last": []}
    for n in info.nodes:
        if n.index or not isinstance(n.node, ast.Call) or _axis_of(n.node) is None or not info.makes_gradient(n):
            continue
        for variant in variants:
            def rewrite(x, variant=variant):
                array, axis, rest, keep = _axis_of(x)
                if variant == "mean":
                    new = copy.copy(x)
                    new.func = _loc(ast.Attribute(value=x.func.value, attr="mean", ctx=ast.Load()), x.func)
                    return new
                axes = [_num(a) for a in (axis.elts if isinstance(axis, ast.Tuple) else [axis])]
                first, others = axes[0], axes[1:]
                at = 0 if variant == "first" else -1
                if keep:
                    pick = ast.Slice(lower=ast.Constant(0), upper=ast.Constant(1)) if at == 0 else \
                        ast.Slice(lower=ast.UnaryOp(op=ast.USub(), operand=ast.Constant(1)), upper=None)
                else:
                    pick = _const(at, ast.Constant(0))
                index = [ast.Slice() for _ in range(first)] + [pick] if first >= 0 else [pick]
                picked = ast.Subscript(value=array, slice=index[0] if len(index) == 1 else
                                       ast.Tuple(elts=index, ctx=ast.Load()), ctx=ast.Load())
                if not others:
                    return picked
                shift = [a - 1 if (a > first and not keep) else a for a in others]
                new_axis = ast.Constant(shift[0]) if len(shift) == 1 else \
                    ast.Tuple(elts=[ast.Constant(a) for a in shift], ctx=ast.Load())
                return ast.Call(func=ast.Attribute(value=picked, attr="sum", ctx=ast.Load()), args=[],
                                keywords=[ast.keyword(arg="axis", value=new_axis)] + list(rest))
            c = _one("bias-not-summed", f"bias-{variant}", n, rewrite)
            variants[variant].append(c)
            yield c
    for variant, cands in variants.items():
        yield from _every("bias-not-summed", f"bias-{variant}-everywhere", cands,
                          {"mean": "every batch sum `.sum(axis=...)` written `.mean(axis=...)`",
                           "first": "every batch sum replaced by the first sample's row",
                           "last": "every batch sum replaced by the last sample's row"}[variant])


def _range_of(iter_: ast.expr) -> tuple[ast.Call, _Path] | None:
    """The ``range(...)`` call a loop iterates over (also inside ``reversed``), with its path from the iterable."""
    if isinstance(iter_, ast.Call) and _call_name(iter_) == "reversed" and iter_.args:
        inner = _range_of(iter_.args[0])
        return None if inner is None else (inner[0], (("args", 0),) + inner[1])
    if isinstance(iter_, ast.Call) and isinstance(iter_.func, ast.Name) and iter_.func.id == "range" \
            and 1 <= len(iter_.args) <= 3 and not iter_.keywords:
        return iter_, ()
    return None


def _range_variants(call: ast.Call, unit: str) -> list[tuple[ast.Call, str]]:
    """Ranges that miss one ``unit`` (step, sample) or one batch: (new range, plain words)."""
    args = list(call.args)
    if len(args) == 1:
        args = [ast.Constant(0)] + args
    start, stop = args[0], args[1]
    step = args[2] if len(args) == 3 else None
    out = []

    def rng(a, b, s):
        xs = [a, b] + ([s] if s is not None else [])
        if s is None and _is_num(a) and _num(a) == 0:
            xs = [b]
        return ast.Call(func=ast.Name(id="range", ctx=ast.Load()), args=xs, keywords=[])

    down = step is not None and _is_num(step) and _num(step) < 0
    if down:
        out.append((rng(_plus(start, -1), stop, step), f"the first {unit} skipped"))
        out.append((rng(start, _plus(stop, 1), step), f"the last {unit} skipped"))
    else:
        out.append((rng(start, _plus(stop, -1), step), f"the last {unit} skipped"))
        out.append((rng(_plus(start, 1), stop, step), f"the first {unit} skipped"))
        if step is not None and not (_is_num(step) and _num(step) == 1):
            out.append((rng(start, ast.BinOp(left=stop, op=ast.Sub(), right=step), step), "the last batch skipped"))
    return out


def _is_time_loop(loop: ast.For) -> bool:
    """A loop over time steps: its variable is ``t``, or indexes the axis after the batch (``x[:, t]``)."""
    if not isinstance(loop.target, ast.Name):
        return False
    var = loop.target.id
    if var == "t":
        return True
    for n in ast.walk(loop):
        if isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Tuple) and len(n.slice.elts) >= 2:
            first, second = n.slice.elts[0], n.slice.elts[1]
            if isinstance(first, ast.Slice) and var in _names(second):
                return True
    return False


def _zeroing_sites(info: _Info) -> tuple[Site, ...]:
    """``np.empty(...)`` -> ``np.zeros(...)`` (so that steps a loop no longer visits are zeros)."""
    sites = []
    for n in info.nodes:
        if isinstance(n.node, ast.Call) and isinstance(n.node.func, ast.Attribute) \
                and n.node.func.attr in ("empty", "empty_like"):
            def zeros(x):
                new = copy.copy(x)
                new.func = _loc(ast.Attribute(value=x.func.value, attr=x.func.attr.replace("empty", "zeros"),
                                              ctx=ast.Load()), x.func)
                return new
            sites.append(Site(n.path, zeros))
    return tuple(sites)


def _time_shifts(info: _Info, loop: ast.For, loop_path: _Path) -> Iterator[_Candidate]:
    """``x[:, t - 1]`` -> ``x[:, t]`` (and ``t + 1``) in a time loop: the state of the wrong step."""
    var = loop.target.id
    for m in _walk(loop, loop_path):
        node = m.node
        if (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) and m.index
                and isinstance(node.left, ast.Name) and node.left.id == var and _is_num(node.right)
                and _num(node.right) == 1 and isinstance(m.parent, (ast.Tuple, ast.Subscript))):
            yield _one("off-by-one-time", "time-index", m, lambda x: x.left,
                       f"`{_snip(node)}` written `{var}`: the wrong step's state")


def _loops(info: _Info, stage: str) -> Iterator[_Candidate]:
    zeroing = _zeroing_sites(info)
    for n in info.nodes:
        loop = n.node
        if not isinstance(loop, ast.For):
            continue
        if stage == "gradient" and _is_time_loop(loop):
            mistake = "off-by-one-time"
        elif stage == "training" and n.loops:  # a loop inside the epoch loop: samples or batches
            mistake = "skips-samples"
        else:
            continue
        iter_path = n.path + (("iter", None),)
        if mistake == "off-by-one-time" and isinstance(loop.target, ast.Name):
            yield from _time_shifts(info, loop, n.path)
        found = _range_of(loop.iter)
        if found is not None:
            call, sub = found
            for new, words in _range_variants(call, "step" if mistake == "off-by-one-time" else "sample"):
                c = _one(mistake, "loop-range", _Node(call, iter_path + sub, None, (), False),
                         lambda x, new=new: new, f"`{_snip(call)}` written `{_snip(new)}`: {words}")
                c.extra = zeroing
                yield c
        elif mistake == "skips-samples":
            it = loop.iter
            minus1 = ast.UnaryOp(op=ast.USub(), operand=ast.Constant(1))
            news = [(ast.Subscript(value=it, slice=ast.Slice(upper=minus1), ctx=ast.Load()), "the last sample skipped"),
                    (ast.Subscript(value=it, slice=ast.Slice(lower=ast.Constant(1)), ctx=ast.Load()),
                     "the first sample skipped")]
            if isinstance(it, ast.Call) and _call_name(it) == "permutation" and len(it.args) == 1:
                news.append((ast.Call(func=it.func, args=[_plus(it.args[0], -1)], keywords=[]),
                             "the last sample never drawn"))
            for new, words in news:
                c = _one(mistake, "loop-items", _Node(it, iter_path, None, (), False), lambda x, new=new: new,
                         f"`{_snip(it)}` written `{_snip(new)}`: {words}")
                c.extra = zeroing
                yield c


def _update(info: _Info, stage: str) -> Iterator[_Candidate]:
    if stage != "training":
        return
    cands = []
    for n in info.nodes:
        node = n.node
        if n.index:
            continue
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and _is_update(node):
            c = _one("update-rule", "ascent", n, lambda x: ast.BinOp(left=x.left, op=ast.Add(), right=x.right))
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Sub):
            c = _one("update-rule", "ascent", n, lambda x: ast.AugAssign(target=x.target, op=ast.Add(), value=x.value),
                     f"`{_snip(node.target)} -=` written `{_snip(node.target)} +=`")
        else:
            continue
        cands.append(c)
        yield c
    yield from _every("update-rule", "ascent-everywhere", cands, "every update `p - lr * g` written `p + lr * g`")


def _pure(node: ast.AST) -> bool:
    """An expression safe to evaluate twice: names, attributes, subscripts of them, constants."""
    return all(isinstance(n, (ast.Name, ast.Attribute, ast.Subscript, ast.Slice, ast.Tuple, ast.Constant,
                              ast.UnaryOp, ast.USub, ast.Load, ast.BinOp, ast.operator))
               for n in ast.walk(node))


def _mult_factors(node: ast.AST, path: _Path) -> Iterator[tuple[ast.AST, _Path]]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        yield from _mult_factors(node.left, path + (("left", None),))
        yield from _mult_factors(node.right, path + (("right", None),))
    else:
        yield node, path


def _one_minus(node: ast.AST) -> ast.AST | None:
    """``x`` of ``1 - x``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and _is_num(node.left) and _num(node.left) == 1:
        return node.right
    return None


def _at_output(info: _Info, stage: str) -> Iterator[_Candidate]:
    sigmoid = next((s for s in _SIGMOIDS if s in info.defined), None)
    tanh = (ast.Attribute(value=ast.Name(id=info.numpy, ctx=ast.Load()), attr="tanh", ctx=ast.Load())
            if info.numpy else ast.Name(id="tanh", ctx=ast.Load()) if "tanh" in info.defined else None)
    cands = []

    def applied(f: ast.expr) -> Callable[[ast.AST], ast.AST]:
        return lambda x: ast.Call(func=f, args=[x], keywords=[])

    for n in info.nodes:
        node = n.node
        if n.index:
            continue
        # a derivative helper called on a name: f_derivative(x) -> f_derivative(f(x))
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1
                and _pure(node.args[0])):
            base = next((node.func.id[: -len(s)] for s in _DERIV_SUFFIXES if node.func.id.endswith(s)), None)
            if base and base in info.defined:
                f = ast.Name(id=base, ctx=ast.Load())
                arg_path = n.path + (("args", 0),)
                c = _one("activation-derivative-at-output", "derivative-at-output",
                         _Node(node.args[0], arg_path, node, n.loops, False), applied(f),
                         f"`{_snip(node)}` written `{node.func.id}({base}({_snip(node.args[0])}))`")
                cands.append(c)
                yield c
        # inline a * (1 - a) (the sigmoid's derivative from its output), anywhere in a product
        if sigmoid and isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) \
                and not (isinstance(n.parent, ast.BinOp) and isinstance(n.parent.op, ast.Mult)):
            factors = list(_mult_factors(node, n.path))
            for j, (fj, pj) in enumerate(factors):
                a = _one_minus(fj)
                if a is None or not _pure(a):
                    continue
                i = next((i for i, (fi, _) in enumerate(factors) if i != j and _same(fi, a)), None)
                if i is None:
                    continue
                f = ast.Name(id=sigmoid, ctx=ast.Load())
                fa = ast.Call(func=f, args=[a], keywords=[])
                sites = (Site(factors[i][1], lambda x, f=f: _loc(ast.Call(func=f, args=[x], keywords=[]), x)),
                         Site(pj + (("right", None),), lambda x, f=f: _loc(ast.Call(func=f, args=[x], keywords=[]), x)))
                one = _snip(fj.left)
                before = f"{_snip(a)} * ({one} - {_snip(a)})"
                after = f"{ast.unparse(fa)} * ({one} - {ast.unparse(fa)})"
                c = _Candidate("activation-derivative-at-output", "derivative-at-output", factors[i][0],
                               f"`{before}` written `{after}`", sites, before, after)
                cands.append(c)
                yield c
        # inline 1 - h ** 2 (tanh's derivative from its output)
        a = _one_minus(node)
        if tanh is not None and isinstance(a, ast.BinOp) and isinstance(a.op, ast.Pow) and _is_num(a.right) \
                and _num(a.right) == 2 and _pure(a.left):
            h_path = n.path + (("right", None), ("left", None))
            c = _one("activation-derivative-at-output", "derivative-at-output",
                     _Node(a.left, h_path, a, n.loops, False), applied(tanh),
                     f"`{_snip(node)}` written `{_snip(node.left)} - {ast.unparse(tanh)}({_snip(a.left)}) ** 2`")
            cands.append(c)
            yield c
    yield from _every("activation-derivative-at-output", "derivative-at-output-everywhere", cands,
                      "every activation derivative taken at the activation's output")


def _layer_input(info: _Info, stage: str) -> Iterator[_Candidate]:
    for n in info.nodes:
        wg = None if n.index or not info.makes_gradient(n) else _weight_gradient(n.node, info)
        if wg is None:
            continue
        side, a, _ = wg
        name = _base(a)
        a_path = n.path + ((side, None), ("value", None))
        name_path = _base_path(a, a_path)
        name_node = _get(info.fn, name_path)
        options: list[tuple[str, ast.expr, str]] = []  # (id, replacement, words)
        shifted = set()
        if name in info.shifts:  # h_prev (hs shifted) -> hs
            src = info.shifts[name][0]
            shifted.add(src)
            options.append(("off-by-one-time", ast.Name(id=src, ctx=ast.Load()), f"`{name}` written `{src}`: "
                            "the state of the same step instead of the previous one"))
        for other, (src, _) in info.shifts.items():
            if src == name:  # hs -> h_prev
                shifted.add(other)
                options.append(("off-by-one-time", ast.Name(id=other, ctx=ast.Load()),
                                f"`{name}` written `{other}`: the previous step's state"))
        values = info.assigned.get(name, [])
        if len(values) == 1 and isinstance(values[0], ast.Subscript) \
                and not isinstance(values[0].slice, (ast.Slice, ast.Tuple)) and _names(values[0].slice):
            v = values[0]
            for k in (1, -1):
                new = ast.Subscript(value=v.value, slice=_plus(v.slice, k), ctx=ast.Load())
                options.append(("wrong-layer-input", new, f"`{name}` (`{_snip(v)}`) written `{_snip(new)}`"))
        others = [u for u in info.unpacked if u != name and u not in shifted and u not in info.containers
                  and not info.is_param(ast.Name(id=u, ctx=ast.Load())) and not u.startswith("_")]
        for u in others[:MAX_LAYER_INPUTS]:
            options.append(("wrong-layer-input", ast.Name(id=u, ctx=ast.Load()),
                            f"`{name}` written `{u}` in `{_snip(n.node)}`"))
        for mistake, new, words in options:
            c = _one(mistake, "other-input", _Node(name_node, name_path, None, (), False),
                     lambda x, new=new: new, words)
            c.before, c.after = _snip(n.node), words
            yield c
    # the first state of a shifted sequence replaced by zeros
    if info.numpy:
        for name, (src, init) in info.shifts.items():
            h0 = _base(init)
            if h0 is None:
                continue
            for n in info.nodes:
                if n.node is init:
                    p = _base_path(init, n.path)
                    zeros = ast.Call(func=ast.Attribute(value=ast.Name(id=info.numpy, ctx=ast.Load()),
                                                        attr="zeros_like", ctx=ast.Load()),
                                     args=[ast.Name(id=h0, ctx=ast.Load())], keywords=[])
                    yield _one("off-by-one-time", "zero-initial-state", _Node(_get(info.fn, p), p, None, (), False),
                               lambda x, z=zeros: z,
                               f"`{h0}` written `{ast.unparse(zeros)}` in `{name}`: zeros before the first step")


def _recurrent(info: _Info, stage: str) -> Iterator[_Candidate]:
    if stage != "gradient":
        return
    for n in info.nodes:
        node = n.node
        if not n.loops or not isinstance(n.loops[-1], ast.For):
            continue
        loop = n.loops[-1]
        carried = info.carried(loop)
        var = _names(loop.target)
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in carried:
            for m in _walk(node.value, n.path + (("value", None),)):
                x = m.node
                if not (isinstance(x, ast.BinOp) and isinstance(x.op, ast.MatMult)):
                    continue
                for side in ("right", "left"):
                    w = getattr(x, side)
                    if isinstance(w, ast.Attribute) and w.attr == "T" and info.is_param(w.value) \
                            and not (_names(w.value) & var):
                        site = _Node(w, m.path + ((side, None),), x, (), False)
                        yield _one("recurrent-transpose", "drop-transpose", site,
                                   lambda y: y.value,
                                   f"`{_snip(w)}` written `{_snip(w.value)}` in `{node.targets[0].id} = ...`")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            for side, other in (("right", "left"), ("left", "right")):
                part = getattr(node, side)
                if isinstance(part, ast.Name) and part.id in carried:
                    yield _one("missing-recurrent-gradient", "drop-carried", n, lambda y, o=other: getattr(y, o),
                               f"`+ {part.id}` dropped from `{_snip(node)}`: nothing from the next step")


_OPERATORS: dict[str, tuple[Callable[[_Info, str], Iterator[_Candidate]], tuple[str, ...]]] = {
    # not in training functions: there a flipped error is gradient ascent (update-rule) and a constant factor
    # is another learning rate (the dynamics' business), exactly, so such mutants would only make ties
    "sign": (_sign, ("gradient",)),
    "scale": (_scale, ("gradient",)),
    "transposed": (_transposed, ("gradient", "training")),
    "overwrite": (_overwrite, ("gradient",)),
    "bias": (_bias, ("gradient", "training")),
    "loops": (_loops, ("gradient", "training")),
    "update": (_update, ("training",)),
    "at-output": (_at_output, ("gradient", "training", "forward")),
    "layer-input": (_layer_input, ("gradient", "training")),
    "recurrent": (_recurrent, ("gradient",)),
}


# --------------------------------------------------------------------------- building mutants


def _compile(ref: ModuleType, fn: ast.FunctionDef, filename: str) -> FunctionType:
    module = ast.Module(body=[fn], type_ignores=[])
    code = compile(module, filename, "exec")
    ns = dict(vars(ref))
    exec(code, ns)  # defines the function only (its defaults evaluated in the reference's namespace)
    SOURCES[filename] = module
    return ns[fn.name]


def _all_sites(edits: tuple[Edit, ...]) -> tuple[Site, ...]:
    helpers = {s.path: s for e in edits for s in e.helpers}
    return tuple(s for e in edits for s in e.sites) + tuple(helpers.values())


def _mutant(ref: ModuleType, base: ast.FunctionDef, stage: str, edits: tuple[Edit, ...], name: str,
            mistake: str, filename: str) -> Mutant | None:
    tree = _apply(base, _all_sites(edits))
    try:
        function = _compile(ref, tree, filename)
    except Exception:  # noqa: BLE001 - an edit that does not compile (or whose def fails) is no mutant
        return None
    function.__mutant_edits__ = edits
    return Mutant(mistake, name, {base.name: function}, stage)


def _parse(ref: ModuleType) -> ast.Module:
    path = getattr(ref, "__file__", None)
    if not path:
        raise ValueError(f"{ref.__name__} has no source file")
    with open(path, "rb") as f:
        return ast.parse(f.read(), filename=path)


_BASES: dict[tuple[str, str], tuple[ModuleType, ast.FunctionDef]] = {}
_MODULES: dict[str, ModuleType] = {}


def generate(ref: ModuleType, functions: dict[str, str]) -> list[Mutant]:
    """Mutants of ``ref``: one generated edit each, in the functions listed (name -> stage).

    A name that is not a top-level ``def`` of ``ref``'s file gives no mutants. Cached per
    (module name, functions): the same list (same objects) on every call.
    """
    for fn, stage in functions.items():
        if stage not in STAGES:
            raise ValueError(f"{fn}: stage {stage!r} is not one of {STAGES}")
    _MODULES[ref.__name__] = ref
    return list(_generate(ref.__name__, tuple(functions.items())))


@lru_cache(maxsize=None)
def _generate(module: str, functions: tuple[tuple[str, str], ...]) -> tuple[Mutant, ...]:
    ref = _MODULES[module]
    tree = _parse(ref)
    defs = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    out: list[Mutant] = []
    names: set[str] = set()
    for fn_name, stage in functions:
        base = defs.get(fn_name)
        if base is None:
            continue
        _BASES[(module, fn_name)] = (ref, base)
        info = _Info(base, ref, set(defs))
        seen: set[tuple] = set()
        count = 0
        for family, (operator, stages) in _OPERATORS.items():
            if stage not in stages:
                continue
            for cand in operator(info, stage):
                if count >= MAX_PER_FUNCTION:
                    break
                key = (tuple(s.path for s in cand.sites), cand.after, cand.what)
                if key in seen:
                    continue
                seen.add(key)
                lines = tuple(sorted({_get(base, s.path).lineno for s in cand.sites
                                      if hasattr(_get(base, s.path), "lineno")})) or (cand.node.lineno,)
                where = f"line {lines[0]}" if len(lines) == 1 else "lines " + ", ".join(map(str, lines))
                name = f"{where}: {cand.what}"
                if name in names:
                    name = f"{name} (column {cand.node.col_offset + 1})"
                if name in names:
                    continue
                edit = Edit(module, fn_name, cand.node.lineno, cand.node.col_offset, cand.op, cand.id,
                            cand.before, cand.after, cand.what, lines, cand.sites, cand.extra)
                filename = f"<mutant of {module}.{fn_name} {where}: {cand.id}: {cand.what}>"
                mutant = _mutant(ref, base, stage, (edit,), name, cand.id, filename)
                if mutant is None:
                    continue
                names.add(name)
                out.append(mutant)
                count += 1
    return tuple(out)


def edits_of(mutant: Mutant) -> tuple[Edit, ...]:
    """The edits a generated (or combined) mutant made; () for a hand-written one."""
    return tuple(e for f in mutant.overrides.values() for e in getattr(f, "__mutant_edits__", ()))


_PRIORITY = {"training": 0, "forward": 1, "gradient": 2}


_COMBOS: dict[tuple[int, int], tuple[Mutant, Mutant, Combo | None]] = {}


def combine(a: Mutant, b: Mutant) -> Combo | None:
    """One mutant with both mistakes, or None when they cannot be combined.

    Two generated edits of the same function are applied to one copy of its source
    (None when they touch the same node, or one edit swallows the other: an edit inside
    code that the other drops); mutants of different functions merge their overrides
    (None when both override a function without being two generated edits of it). The
    stage is the later of the two in the pipeline: training, else forward, else gradient.
    Cached per pair (the same Combo for the same two mutants).
    """
    key = (id(a), id(b))
    if key not in _COMBOS:
        _COMBOS[key] = (a, b, _combine(a, b))  # a and b kept alive: their ids stay theirs
    return _COMBOS[key][2]


def _prefix(p: _Path, q: _Path) -> bool:
    return len(p) <= len(q) and q[: len(p)] == p


def _combine(a: Mutant, b: Mutant) -> Combo | None:
    stage = min(a.stage, b.stage, key=_PRIORITY.__getitem__)
    ids = (a.id, b.id)
    name = f"{a.name} and {b.name}"
    shared = set(a.overrides) & set(b.overrides)
    if not shared:
        return Combo(ids, Mutant(a.id, name, {**a.overrides, **b.overrides}, stage), (a, b))
    ea, eb = edits_of(a), edits_of(b)
    if len(shared) != 1 or len(a.overrides) != 1 or len(b.overrides) != 1 or not ea or not eb:
        return None
    (fn_name,) = shared
    if {(e.module, e.function) for e in ea + eb} != {(ea[0].module, fn_name)}:
        return None
    ref, base = _BASES[(ea[0].module, fn_name)]
    pa = [s.path for e in ea for s in e.sites]
    pb = [s.path for e in eb for s in e.sites]
    if set(pa) & set(pb):
        return None  # the same node rewritten twice
    edits = ea + eb
    if any(_prefix(p, q) or _prefix(q, p) for p in pa for q in pb):
        # one edit inside the other's node: both must still show in the result
        try:
            both = ast.dump(_apply(base, _all_sites(edits)))
        except Exception:  # noqa: BLE001 - one edit made the other's node something it cannot rewrite
            return None
        singles = {ast.dump(_apply(base, _all_sites(es))) for es in (ea, eb)}
        if both in singles or both == ast.dump(base):
            return None
    filename = f"<mutant of {ea[0].module}.{fn_name} {a.name} + {b.name}>"
    mutant = _mutant(ref, base, stage, edits, name, a.id, filename)
    return None if mutant is None else Combo(ids, mutant, (a, b))


def functions_of(mistakes: ModuleType) -> dict[str, str]:
    """The functions of an assignment's ``<name>_mistakes.py`` worth mutating, with their stage.

    Every ``QUANTITIES`` key: a ``TRAINING`` one is "training", one whose name says it computes a
    gradient (``backward``, ``grad``) is "gradient", any other is "forward".
    """
    training = set(getattr(mistakes, "TRAINING", ()))
    out = {}
    for name in getattr(mistakes, "QUANTITIES", {}):
        low = name.lower()
        out[name] = ("training" if name in training else
                     "gradient" if "backward" in low or "grad" in low else "forward")
    return out
