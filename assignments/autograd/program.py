"""Expression graphs the checks build: one description, run by the student's engine (in the sandbox) or by
any ``Value`` class in this process (the model answer, the mutants).

A program is leaves (floats) and operations over earlier nodes, e.g. ``(x + y) * z``::

    Program(leaves=(4.0, -3.0, 5.0), ops=(("add", 0, 1), ("mul", 3, 2)))

Operations: ``add``, ``mul``, ``sub``, ``truediv`` (node, node); ``add_c``, ``mul_c`` (node, number: the
number on the right); ``radd``, ``rmul``, ``rsub`` (number on the left: Python's reflected methods);
``pow`` (node, number); ``neg``, ``tanh``, ``exp``, ``relu`` (node). The last node is the output.
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.sandbox.session import Call, Ref

BINARY = {"add": operator.add, "mul": operator.mul, "sub": operator.sub, "truediv": operator.truediv}
WITH_NUMBER = {"add_c": operator.add, "mul_c": operator.mul, "pow": operator.pow}
REFLECTED = {"radd": operator.add, "rmul": operator.mul, "rsub": operator.sub}
METHODS = ("tanh", "exp", "relu")
PYTHON = {"add": "+", "mul": "*", "sub": "-", "truediv": "/", "add_c": "+", "mul_c": "*", "pow": "**",
          "radd": "+", "rmul": "*", "rsub": "-"}


@dataclass(frozen=True)
class Program:
    leaves: tuple[float, ...]
    ops: tuple[tuple, ...]

    @property
    def size(self) -> int:
        return len(self.leaves) + len(self.ops)

    def with_leaf(self, i: int, value: float) -> "Program":
        leaves = list(self.leaves)
        leaves[i] = value
        return Program(tuple(leaves), self.ops)

    def text(self, limit: int = 6) -> str:
        """The program as Python a student can read (its first ``limit`` operations)."""
        names = [f"x{i}" for i in range(len(self.leaves))]
        lines = [", ".join(names) + " = " + ", ".join(f"Value({v:g})" for v in self.leaves)]
        for k, (op, *args) in enumerate(self.ops):
            name = f"n{k}"
            a = names[args[0]]
            if op in BINARY:
                expr = f"{a} {PYTHON[op]} {names[args[1]]}"
            elif op in WITH_NUMBER:
                expr = f"{a} {PYTHON[op]} {args[1]:g}"
            elif op in REFLECTED:
                expr = f"{args[1]:g} {PYTHON[op]} {a}"
            elif op == "neg":
                expr = f"-{a}"
            else:
                expr = f"{a}.{op}()"
            names.append(name)
            if k < limit:
                lines.append(f"{name} = {expr}")
        if len(self.ops) > limit:
            lines.append(f"... ({len(self.ops) - limit} more operations)")
        lines.append(f"{names[-1]}.backward()")
        return "; ".join(lines)


def apply(op: str, args: tuple, nodes: list) -> Any:
    x = nodes[args[0]]
    if op in BINARY:
        return BINARY[op](x, nodes[args[1]])
    if op in WITH_NUMBER:
        return WITH_NUMBER[op](x, args[1])
    if op in REFLECTED:
        return REFLECTED[op](args[1], x)
    if op == "neg":
        return -x
    return getattr(x, op)()


def run(value_class: type, program: Program, backward: bool = True) -> list:
    """Every node of ``program`` built with ``value_class`` (and ``backward()`` called on the output)."""
    nodes = [value_class(v) for v in program.leaves]
    for op, *args in program.ops:
        nodes.append(apply(op, tuple(args), nodes))
    if backward:
        nodes[-1].backward()
    return nodes


def grads(value_class: type, program: Program) -> dict[str, float]:
    """The leaves' gradients (``x0``, ``x1``, ...) and the output's value (``out``)."""
    nodes = run(value_class, program)
    out = {f"x{i}": float(nodes[i].grad) for i in range(len(program.leaves))}
    out["out"] = float(nodes[-1].data)
    return out


def calls(program: Program, prefix: str, backward: bool = True, read: str = "grads") -> tuple[list[Call], list[str]]:
    """The sandbox calls that build ``program`` with the student's ``Value``, then read the leaves'
    gradients, the output's own gradient and its data (``read="grads"``) or only the output's data (``read="data"``).
    Returns the calls and the slots to drop afterwards."""
    slots = [f"{prefix}_{i}" for i in range(program.size)]
    out: list[Call] = [Call("Value", (float(v),), ret=None, keep=slots[i]) for i, v in enumerate(program.leaves)]
    for k, (op, *args) in enumerate(program.ops):
        keep = slots[len(program.leaves) + k]
        a = Ref(slots[args[0]])
        if op in BINARY:
            out.append(Call(f"operator.{BINARY[op].__name__}", (a, Ref(slots[args[1]])), ret=None, keep=keep))
        elif op in WITH_NUMBER:
            out.append(Call(f"operator.{WITH_NUMBER[op].__name__}", (a, args[1]), ret=None, keep=keep))
        elif op in REFLECTED:
            out.append(Call(f"operator.{REFLECTED[op].__name__}", (args[1], a), ret=None, keep=keep))
        elif op == "neg":
            out.append(Call("operator.neg", (a,), ret=None, keep=keep))
        else:
            out.append(Call(op, (), on=a, ret=None, keep=keep))
    if backward:
        out.append(Call("backward", (), on=Ref(slots[-1]), ret=None))
    if read == "grads":
        out += [Call("grad", on=Ref(slots[i]), get=True) for i in range(len(program.leaves))]
        out.append(Call("grad", on=Ref(slots[-1]), get=True))
    out.append(Call("data", on=Ref(slots[-1]), get=True))
    return out, slots


def random_program(rng: np.random.Generator, n_leaves: int = 3, n_ops: int = 12, ops: tuple[str, ...] = (
        "add", "mul", "sub", "truediv", "add_c", "mul_c", "radd", "rmul", "rsub", "pow", "neg", "tanh", "exp",
        "relu")) -> Program:
    """A random graph whose values stay moderate (|v| in [0.1, 4]), away from relu's kink and from 0 under
    a division, in which nodes are reused (shared subexpressions: gradients must accumulate)."""
    leaves = tuple(float(v) for v in rng.choice([-1, 1], n_leaves) * rng.uniform(0.4, 1.6, n_leaves))
    values = list(leaves)
    program: list[tuple] = []
    tries = 0
    while len(program) < n_ops and tries < 10_000:
        tries += 1
        op = str(rng.choice(ops))
        # the newest nodes are chosen more often (a deep graph), older ones reused (shared subexpressions)
        a = int(min(len(values) - 1, rng.integers(0, len(values)) + rng.integers(0, 3)))
        b = int(rng.integers(0, len(values)))
        c = float(np.round(rng.uniform(0.5, 2.0) * rng.choice([-1, 1]), 2))
        if op in BINARY:
            args: tuple = (a, b)
        elif op == "pow":
            args = (a, float(rng.choice([2, 3, -1, 0.5])))
        elif op in WITH_NUMBER or op in REFLECTED:
            args = (a, c)
        else:
            args = (a,)
        x = values[a]
        if op == "truediv" and abs(values[b]) < 0.3 or op == "pow" and (
                args[1] == 0.5 and x <= 0.1 or args[1] == -1 and abs(x) < 0.3) or op == "relu" and abs(x) < 0.1 \
                or op == "exp" and x > 1.5:
            continue
        v = _value(op, args, values)
        if not math.isfinite(v) or not 0.1 <= abs(v) <= 4.0:
            continue
        values.append(v)
        program.append((op, *args))
    return Program(leaves, tuple(program))


def _value(op: str, args: tuple, values: list[float]) -> float:
    """An operation on plain numbers (``apply``, with ``math`` for the methods numbers lack)."""
    if op in METHODS:
        return {"tanh": math.tanh, "exp": math.exp, "relu": lambda v: max(v, 0.0)}[op](values[args[0]])
    return float(apply(op, args, values))


def mlp_program(params: list[float], X: np.ndarray, Y: np.ndarray, hidden: int) -> tuple[Program, int]:
    """The mean squared error of a 2-``hidden``-1 tanh network on ``X, Y``, parameters as leaves (in the
    order W[j][0], W[j][1], b[j] per hidden unit, then v[j], then c). Returns the program and how many of its
    leaves are parameters (all of them)."""
    n = len(params)
    ops: list[tuple] = []

    def add(op: tuple) -> int:
        ops.append(op)
        return n + len(ops) - 1

    per_sample = []
    for x, y in zip(X, Y):
        hs = []
        for j in range(hidden):
            w0, w1, b = 3 * j, 3 * j + 1, 3 * j + 2
            s = add(("mul_c", w0, float(x[0])))
            s = add(("add", s, add(("mul_c", w1, float(x[1])))))
            hs.append(add(("tanh", add(("add", s, b)))))
        v0 = 3 * hidden
        out = add(("mul", hs[0], v0))
        for j in range(1, hidden):
            out = add(("add", out, add(("mul", hs[j], v0 + j))))
        out = add(("add", out, 3 * hidden + hidden))
        err = add(("add_c", out, float(-y)))
        per_sample.append(add(("pow", err, 2)))
    total = per_sample[0]
    for k in per_sample[1:]:
        total = add(("add", total, k))
    add(("mul_c", total, 1.0 / len(X)))
    return Program(tuple(float(p) for p in params), tuple(ops)), n
