"""Checks for ``autograd``: a scalar reverse-mode engine, a class ``Value`` (contract: README.md in this folder).

The grader builds expression graphs with the student's ``Value`` inside the sandbox (``program.py``: one
description, run by the student's engine or by the model answer's), calls ``backward()`` on the output and
reads every leaf's ``.grad``. Gradients are compared with the model answer and with central differences
of the student's own forward values. A tiny tanh network built from ``Value`` objects is trained by the
grader on XOR with the student's gradients.
"""
from __future__ import annotations

import math
import zlib
from typing import Any

import numpy as np

from grader.checks.base import CheckSpec, Context, Fail
from grader.checks.common import as_float, describe
from grader.checks.networks import values
from grader.sandbox.protocol import Opaque
from grader.sandbox.session import Call, Ref, StudentError

from .program import Program, calls, grads, mlp_program, random_program, run

FUNCTIONS = ("Value", "Value.__add__", "Value.__radd__", "Value.__mul__", "Value.__rmul__", "Value.__neg__",
             "Value.__sub__", "Value.__rsub__", "Value.__truediv__", "Value.__pow__", "Value.tanh", "Value.exp",
             "Value.relu", "Value.backward")
RTOL = 1e-7  #: gradients in float64 agree far better than this whatever the order of accumulation
FD_STEP, FD_RTOL = 1e-6, 1e-5

SEED_EXAMPLE = Program((4.0, -3.0, 5.0), (("add", 0, 1), ("mul", 3, 2)))  # q = x + y; f = q * z
X_XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y_XOR = np.array([-1.0, 1.0, 1.0, -1.0])


def _rng(ctx: Context, what: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(f"autograd/{what}".encode()))


# --------------------------------------------------------------------------- running a program in the sandbox


def student_grads(ctx: Context, program: Program) -> dict[str, float]:
    """The student's gradients of ``program``'s leaves, and its output's value (``out``)."""
    prefix = ctx.student.slot()
    batch, slots = calls(program, prefix)
    got = values(ctx, batch, drop=slots)
    n = len(program.leaves)
    reads = got[-(n + 2):]
    out = {}
    for i, v in enumerate(reads[:n]):
        out[f"x{i}"] = as_float(v, f"`.grad` of leaf x{i}")
    out["seed"] = as_float(reads[n], "`.grad` of the output")
    out["out"] = as_float(reads[-1], "`.data` of the output")
    return out


def student_outputs(ctx: Context, programs: list[Program]) -> list[float]:
    """The output's ``.data`` of each program, built with the student's ``Value`` (no ``backward``)."""
    batch, slots = [], []
    for program in programs:
        part, s = calls(program, ctx.student.slot(), backward=False, read="data")
        batch += part
        slots += s
    results = ctx.student.batch(batch, drop=slots)
    out, k = [], 0
    for program in programs:
        k += program.size + 1
        r = results[k - 1] if k - 1 < len(results) else None
        if isinstance(r, StudentError):
            raise r
        if r is None:
            raise Fail("the sandbox stopped answering before every value was read")
        out.append(as_float(r.value, "`.data` of the output"))
    return out


def numeric_grads(ctx: Context, program: Program) -> dict[str, float]:
    """Central differences of the student's own forward values, leaf by leaf."""
    programs = []
    for i, v in enumerate(program.leaves):
        h = FD_STEP * max(1.0, abs(v))
        programs += [program.with_leaf(i, v + h), program.with_leaf(i, v - h)]
    outs = student_outputs(ctx, programs)
    out = {}
    for i, v in enumerate(program.leaves):
        h = FD_STEP * max(1.0, abs(v))
        out[f"x{i}"] = (outs[2 * i] - outs[2 * i + 1]) / (2 * h)
    return out


def _differs(got: dict, want: dict, rtol: float, keys=None) -> list[str]:
    keys = [k for k in want if k.startswith("x")] if keys is None else keys
    scale = max([abs(want[k]) for k in keys] + [1e-12])
    return [k for k in keys if not math.isfinite(got[k]) or abs(got[k] - want[k]) > rtol * max(abs(want[k]), 1e-3 * scale)]


def _grad_fail(program: Program, got: dict, want: dict, bad: list[str], against: str, title: str) -> Fail:
    shown = ", ".join(f"{k}: {got[k]:.6g} (expected {want[k]:.6g})" for k in bad[:4])
    mistakes = []
    leaves = [k for k in want if k.startswith("x")]
    if got.get("seed") == 0.0 and all(got[k] == 0.0 for k in leaves) and any(want[k] != 0.0 for k in leaves):
        mistakes = ["unseeded-gradient"]  # certain: the output's own gradient was never set
    message = (f"{title}: the gradients of {', '.join(bad[:6])} differ from {against}: {shown}. The graph: "
               f"{program.text()}")
    if mistakes:
        message += "; every gradient is 0: backward() never set the output's own gradient to 1"
    return Fail(message, expected=", ".join(f"{k}={want[k]:.6g}" for k in bad[:6]),
                got=", ".join(f"{k}={got[k]:.6g}" for k in bad[:6]), mistakes=mistakes, function="Value.backward",
                evidence={"kind": "gradients", "fn": "backward",
                          "inputs": {"leaves": list(program.leaves), "ops": [list(o) for o in program.ops]},
                          "got": {k: v for k, v in got.items() if k.startswith("x") or k == "seed"}})


def _reference_grads(ref: Any, program: Program) -> dict[str, float]:
    """The model answer's output and gradients on ``program`` (published for students' installs)."""
    return grads(ref.Value, program)


def _reference_output(ref: Any, program: Program) -> float:
    return run(ref.Value, program, backward=False)[-1].data


def expect_grads(ctx: Context, program: Program, title: str) -> None:
    got = student_grads(ctx, program)
    want = ctx.derived(_reference_grads, program)
    if not math.isfinite(got["out"]) or abs(got["out"] - want["out"]) > 1e-9 * max(1.0, abs(want["out"])):
        raise Fail(f"{title}: the output's value is {got['out']:.6g}, the model answer's {want['out']:.6g}: "
                   f"the forward computation is wrong. The graph: {program.text()}", mistakes=["wrong-forward"],
                   function="Value")
    bad = _differs(got, want, RTOL)
    if bad:
        raise _grad_fail(program, got, want, bad, "the model answer's", title)


# --------------------------------------------------------------------------- api and shapes


def check_api(ctx: Context) -> None:
    """Value can be built, and every operation of the contract exists and runs."""
    a, b = ctx.student.slot(), ctx.student.slot()
    probes = [("Value(2.0)", Call("Value", (2.0,), ret=None, keep=a)),
              ("Value(-0.5)", Call("Value", (-0.5,), ret=None, keep=b))]
    for name, call in (("a + b", Call("operator.add", (Ref(a), Ref(b)), ret=None)),
                       ("a * b", Call("operator.mul", (Ref(a), Ref(b)), ret=None)),
                       ("-a", Call("operator.neg", (Ref(a),), ret=None)),
                       ("a - b", Call("operator.sub", (Ref(a), Ref(b)), ret=None)),
                       ("a / b", Call("operator.truediv", (Ref(a), Ref(b)), ret=None)),
                       ("a ** 2", Call("operator.pow", (Ref(a), 2), ret=None)),
                       ("a.tanh()", Call("tanh", (), on=Ref(a), ret=None)),
                       ("a.exp()", Call("exp", (), on=Ref(a), ret=None)),
                       ("a.relu()", Call("relu", (), on=Ref(a), ret=None)),
                       ("a.backward()", Call("backward", (), on=Ref(a), ret=None))):
        probes.append((name, call))
    results = ctx.student.batch([c for _, c in probes], drop=[a, b])
    missing, stubbed, broken = [], [], []
    for (name, _), r in zip(probes, results):
        if isinstance(r, StudentError):
            (missing if r.kind in ("missing", "not_callable") else stubbed if r.kind == "not_implemented"
             else broken).append(name)
    if len(results) < len(probes):
        broken += [name for name, _ in probes[len(results):]]
    ok = len(probes) - len(missing) - len(stubbed) - len(broken)
    if ok < len(probes):
        parts = []
        if stubbed:
            parts.append("not implemented yet: " + ", ".join(stubbed))
        if missing:
            parts.append("missing: " + ", ".join(missing))
        if broken:
            parts.append("raised an error: " + ", ".join(broken))
        raise Fail("; ".join(parts), fraction=ok / len(probes) if ok > 2 else 0.0,
                   mistakes=["not-implemented"] if stubbed or missing else [], function="Value")


def check_attributes(ctx: Context) -> None:
    """.data holds the number, .grad starts at 0.0, operations return new Value objects and leave their
    operands' data alone."""
    a, b, c = ctx.student.slot(), ctx.student.slot(), ctx.student.slot()
    got = values(ctx, [
        Call("Value", (3.0,), ret=None, keep=a), Call("data", on=Ref(a), get=True),
        Call("grad", on=Ref(a), get=True), Call("Value", (-2.0,), ret=None, keep=b),
        Call("operator.mul", (Ref(a), Ref(b)), keep=c), Call("data", on=Ref(a), get=True),
        Call("grad", on=Ref(c), get=True)], drop=[a, b, c])
    data, grad, made, data_after, grad_c = got[1], got[2], got[4], got[5], got[6]
    if as_float(data, "Value(3.0).data") != 3.0:
        raise Fail(f"Value(3.0).data is {data!r}: it must hold the number it was given", mistakes=["wrong-forward"],
                   function="Value")
    if as_float(grad, "Value(3.0).grad") != 0.0:
        raise Fail(f"Value(3.0).grad is {grad!r}: a new node's gradient starts at 0.0", function="Value")
    if not (isinstance(made, Opaque) and made.type_name == "Value"):
        raise Fail(f"Value(3.0) * Value(-2.0) gives {describe(made)}: operations must return a new Value",
                   mistakes=["shape-mismatch"], function="Value.__mul__")
    if as_float(data_after, "a.data") != 3.0:
        raise Fail("a * b changed a.data: operations must leave their operands alone", mistakes=["mutates-input"],
                   function="Value.__mul__")
    if as_float(grad_c, "(a * b).grad") != 0.0:
        raise Fail("the result of a * b has a nonzero .grad before backward()", function="Value.__mul__")


def check_reflected(ctx: Context) -> None:
    """Numbers on the left: 2 * x, 2 + x, 1 - x (Python calls __rmul__, __radd__, __rsub__)."""
    x = ctx.student.slot()
    cases = [("2 * x", Call("operator.mul", (2.0, Ref(x)), ret=None)),
             ("2 + x", Call("operator.add", (2.0, Ref(x)), ret=None)),
             ("1 - x", Call("operator.sub", (1.0, Ref(x)), ret=None))]
    results = ctx.student.batch([Call("Value", (3.0,), ret=None, keep=x)] + [c for _, c in cases], drop=[x])
    if isinstance(results[0], StudentError):
        raise results[0]
    bad = [(name, r) for (name, _), r in zip(cases, results[1:]) if isinstance(r, StudentError)]
    if bad:
        name, err = bad[0]
        raise Fail(f"{', '.join(n for n, _ in bad)} fail(s): {err.message}. With a number on the left Python "
                   "calls the Value's reflected method (__rmul__, __radd__, __rsub__)",
                   fraction=1 - len(bad) / len(cases), mistakes=["missing-reflected-operator"], function="Value")


# --------------------------------------------------------------------------- forward values

OPERATION_CASES = [
    ("a + b", Program((1.5, -0.5), (("add", 0, 1),))), ("a * b", Program((1.5, -0.5), (("mul", 0, 1),))),
    ("a - b", Program((1.5, -0.5), (("sub", 0, 1),))), ("a / b", Program((1.5, -0.5), (("truediv", 0, 1),))),
    ("-a", Program((1.5,), (("neg", 0),))), ("a ** 3", Program((1.5,), (("pow", 0, 3.0),))),
    ("a ** -1", Program((1.5,), (("pow", 0, -1.0),))), ("a.tanh()", Program((0.7,), (("tanh", 0),))),
    ("a.exp()", Program((0.7,), (("exp", 0),))), ("a.relu()", Program((0.7,), (("relu", 0),))),
    ("(-a).relu()", Program((0.7,), (("neg", 0), ("relu", 1)))), ("2 * a", Program((0.7,), (("rmul", 0, 2.0),))),
    ("1 - a", Program((0.7,), (("rsub", 0, 1.0),))), ("a + 2", Program((0.7,), (("add_c", 0, 2.0),))),
]


def check_forward(ctx: Context) -> None:
    """Every operation's value against the model answer."""
    outs = student_outputs(ctx, [p for _, p in OPERATION_CASES])
    wrong = []
    for (name, program), got in zip(OPERATION_CASES, outs):
        want = ctx.derived(_reference_output, program)
        if not math.isfinite(got) or abs(got - want) > 1e-9 * max(1.0, abs(want)):
            wrong.append(f"{name} = {got:.6g} (expected {want:.6g}, a={program.leaves[0]:g}"
                         + (f", b={program.leaves[1]:g})" if len(program.leaves) > 1 else ")"))
    if wrong:
        raise Fail("wrong values: " + "; ".join(wrong[:5]), fraction=1 - len(wrong) / len(OPERATION_CASES),
                   mistakes=["wrong-forward"], function="Value")


# --------------------------------------------------------------------------- gradients


def check_seed_example(ctx: Context) -> None:
    """q = x + y; f = q * z at x=4, y=-3, z=5: f.backward() gives x.grad = 5, y.grad = 5, z.grad = 1."""
    expect_grads(ctx, SEED_EXAMPLE, "(x + y) * z at x=4, y=-3, z=5")


LOCAL_CASES = [("a.tanh()", Program((0.6,), (("tanh", 0),))), ("a.exp()", Program((0.6,), (("exp", 0),))),
               ("a.relu()", Program((0.6,), (("relu", 0),))), ("(-a).relu()", Program((0.6,), (("neg", 0), ("relu", 1)))),
               ("a ** 3", Program((1.3,), (("pow", 0, 3.0),))), ("a ** -1", Program((1.3,), (("pow", 0, -1.0),))),
               ("a * b", Program((1.3, -0.7), (("mul", 0, 1),))), ("a / b", Program((1.3, -0.7), (("truediv", 0, 1),))),
               ("a - b", Program((1.3, -0.7), (("sub", 0, 1),))), ("1 - a", Program((1.3,), (("rsub", 0, 1.0),)))]


def check_local(ctx: Context) -> None:
    """Each operation's local derivative on its own: tanh, exp, relu, pow, *, /, -."""
    for name, program in LOCAL_CASES:
        expect_grads(ctx, program, name)


SHARED_CASES = [("a * a", Program((1.5,), (("mul", 0, 0),))), ("a + a", Program((1.5,), (("add", 0, 0),))),
                ("b = a * 2; b * b + a", Program((0.8,), (("mul_c", 0, 2.0), ("mul", 1, 1), ("add", 2, 0)))),
                ("c = a * b; c * a + c", Program((0.8, -1.2), (("mul", 0, 1), ("mul", 2, 0), ("add", 3, 2))))]


def check_shared(ctx: Context) -> None:
    """A node used twice collects both contributions (a * a, a + a, reused subexpressions)."""
    for name, program in SHARED_CASES:
        expect_grads(ctx, program, name)


def _programs(ctx: Context) -> list[Program]:
    def make() -> list[Program]:
        rng = _rng(ctx, "graphs")
        return [random_program(rng, n_leaves=3, n_ops=12) for _ in range(4)]
    return ctx.memo("programs", make)


def check_random_graphs(ctx: Context) -> None:
    """Random graphs of every operation with shared subexpressions: against central differences of your own
    forward values, then against the model answer."""
    for program in _programs(ctx):
        got = student_grads(ctx, program)
        numeric = numeric_grads(ctx, program)
        bad = _differs(got, numeric, FD_RTOL)
        if bad:
            fail = _grad_fail(program, got, numeric, bad, "central differences of your own forward values",
                              "a random graph")
            fail.details = {}
            raise fail
    for program in _programs(ctx):
        expect_grads(ctx, program, "a random graph")


def _deep() -> Program:
    ops: list[tuple] = []
    node = 0
    for k in range(2000):
        ops.append(("mul_c", node, 1.0005) if k % 2 == 0 else ("add", node, 1))
        node = 2 + k
    return Program((0.5, 0.01), tuple(ops))


def check_deep(ctx: Context) -> None:
    """A chain 2000 operations deep: no recursion limit, every contribution counted."""
    try:
        expect_grads(ctx, _deep(), "a chain of 2000 operations")
    except StudentError as err:
        if err.kind == "recursion":
            raise Fail("backward() hit Python's recursion limit on a chain 2000 operations deep: sort the graph "
                       "with a loop and an explicit stack, not a recursive function", function="Value.backward")
        raise


# --------------------------------------------------------------------------- training a network made of Values

HIDDEN, LR = 3, 0.2
CONVERGENCE_STEPS = 80  #: the model answer has all four signs right from step 50


def _start(ctx: Context) -> list[float]:
    def make() -> list[float]:
        rng = _rng(ctx, "mlp")
        return [float(v) for v in rng.normal(0, 0.8, 3 * HIDDEN + HIDDEN + 1)]
    return ctx.memo("mlp-start", make)


def _train(ctx: Context, steps: int, student: bool) -> tuple[list[float], list[float]]:
    """Gradient descent on XOR, the gradients from the student's engine (or the model answer's)."""
    params = list(_start(ctx))
    losses = []
    for _ in range(steps):
        program, n = mlp_program(params, X_XOR, Y_XOR, HIDDEN)
        g = student_grads(ctx, program) if student else ctx.derived(_reference_grads, program)
        losses.append(g["out"])
        params = [p - LR * g[f"x{i}"] for i, p in enumerate(params)]
    return params, losses


def check_mlp(ctx: Context) -> None:
    """A 2-3-1 tanh network built from Values, trained 5 steps on XOR with your gradients, follows the model
    answer's losses."""
    _, got = _train(ctx, 5, True)
    _, want = ctx.memo("mlp-5", lambda: _train(ctx, 5, False))
    for i, (g, w) in enumerate(zip(got, want)):
        if not math.isfinite(g) or abs(g - w) > 1e-7 * max(1.0, abs(w)):
            raise Fail(f"training a 2-3-1 tanh network made of Values on XOR (lr {LR}): the loss at step {i} is "
                       f"{g:.6g}, the model answer's {w:.6g}", expected=str(np.round(want, 6).tolist()),
                       got=str(np.round(got, 6).tolist()), function="Value.backward")


def check_convergence(ctx: Context) -> None:
    """The same network learns XOR in 80 steps with your gradients (all four outputs of the right sign; the model
    answer's are from step 50 on, at +-0.9 by step 80)."""
    params, losses = _train(ctx, CONVERGENCE_STEPS, True)
    preds = [math.copysign(1.0, _prediction(params, x)) for x in X_XOR]
    if preds != list(Y_XOR):
        raise Fail(f"after {CONVERGENCE_STEPS} steps of gradient descent (lr {LR}) with your gradients the network's outputs on "
                   f"XOR have the signs {preds}, the targets {Y_XOR.tolist()}; final loss {losses[-1]:.4g}",
                   function="Value.backward")


def _prediction(params: list[float], x: np.ndarray) -> float:
    h = [math.tanh(params[3 * j] * x[0] + params[3 * j + 1] * x[1] + params[3 * j + 2]) for j in range(HIDDEN)]
    return sum(params[3 * HIDDEN + j] * h[j] for j in range(HIDDEN)) + params[4 * HIDDEN]


CHECKS = [
    CheckSpec("api.value", "api", "Value and every operation exist and run", 8, check_api, "Value"),
    CheckSpec("shape.attributes", "shape", ".data, .grad = 0.0, operations return new Values", 6, check_attributes,
              "Value"),
    CheckSpec("shape.reflected", "shape", "2 * x, 2 + x, 1 - x work (reflected operators)", 5, check_reflected,
              "Value"),
    CheckSpec("forward.operations", "forward", "every operation's value matches the model answer", 10,
              check_forward, "Value"),
    CheckSpec("gradient.seed_example", "gradient", "(x + y) * z at 4, -3, 5 gives 5, 5, 1", 8, check_seed_example,
              "Value.backward"),
    CheckSpec("gradient.local", "gradient", "each operation's local derivative", 12, check_local,
              "Value.backward"),
    CheckSpec("gradient.shared", "gradient", "a node used twice collects both contributions", 10, check_shared,
              "Value.backward"),
    CheckSpec("gradient.random_graphs", "gradient", "random graphs: central differences and the model answer",
              15, check_random_graphs, "Value.backward"),
    CheckSpec("gradient.deep", "gradient", "a chain 2000 operations deep", 6, check_deep, "Value.backward"),
    CheckSpec("training.mlp", "training", "a tanh network of Values trains on XOR like the model answer", 10,
              check_mlp, "Value.backward"),
    CheckSpec("convergence.xor", "convergence", "that network learns XOR with your gradients", 10,
              check_convergence, "Value.backward"),
]
