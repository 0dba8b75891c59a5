"""Checks shared by every network assignment, whatever its conventions.

A network assignment has the same skeleton: parameters (a dict, or a list in a
declared order), ``forward(params, *inputs)`` returning the output and a cache
(or a list of activations), a loss of the output and the targets, a
``backward`` returning one gradient per parameter (in any declared argument
order), an init function and a ``train`` that returns ``(params, losses)``.
A ``Net`` declares those names and conventions (container, where the output
and the cache are in forward's result, backward's argument order, which axis
holds the samples, ``(in, out)`` or ``(out, in)`` weights) and the
reference's functions; internally parameters are always a dict by name. The
checks below take a ``Net`` and the grader's inputs, so every assignment runs
the same code:

- ``check_backward_numeric``: the student's ``backward`` against central
  differences of the student's *own* forward and loss, so a wrong backward is
  found even when the forward is wrong too;
- ``check_backward_reference``: the student's ``backward`` against the
  reference, block by block, at several points;
- ``check_repeatable``: a second identical call gives the same gradient, and
  ``backward`` leaves the cache it was given alone;
- ``check_trajectory``: ``train`` from grader-supplied parameters (and seed)
  follows the reference's losses and parameters;
- ``check_init``: ``init_params`` has the contract's shapes, depends on its
  ``rng`` only, breaks the symmetry between hidden units and does not
  saturate the activations.

The cache never leaves the sandbox: ``forward`` keeps its result there and
``backward`` receives a reference to its cache part, so a cache may be anything (a tuple of
arrays, ``np.matrix`` objects, the student's own layer objects).

Test points (docs/gradient-checking.md): batches of 5 to 7 rows (never 1,
2 or 4), nonzero biases, no exact-zero inputs, square layers next to
non-square ones, pre-activations away from ReLU kinks by more than the
finite-difference step can move them (``kink_free``), and every gradient
block large enough that the finite-difference error is far below the
tolerance (``well_conditioned``).

A check names a mistake only when its own evidence makes it certain (one
relation that holds for every gradient block at once: the sign, one factor;
a bias gradient with one row per sample). Everything else is named after the
checks by the one diagnosis pipeline (``grader.diagnosis``), from the
evidence the failed check records and the assignment's mutants.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..sandbox.session import Call, Ref, Returned, Rng, StudentError
from ..reference import NeedsReference
from .base import Context, Fail
from .common import (
    FD_STEP32, FD_STEP64, FD_TOL32, FD_TOL64, GRAD_TOL32, GRAD_TOL64, RTOL32, RTOL64, GradComparison, Probe, _same,
    as_float, as_param_dict, as_tuple, close, compare_grads, curves, describe, expect_shape,
    expect_not_trivial, expect_unchanged, fmt, grad_details, is_low_precision, losses_list, numeric_grads, rel_error,
    momentum_step, own_rule, plain_step,
)

Params = dict[str, np.ndarray]


# --------------------------------------------------------------------------- adapters


@dataclass
class Point:
    """One input to a network: parameters, the forward's other inputs, the targets."""

    params: Params
    inputs: tuple  #: forward's arguments after ``params``: ``(X,)``, or ``(X, h0)`` for a recurrent network
    target: np.ndarray  #: ``Y`` (float targets) or ``y`` (integer labels)


@dataclass(frozen=True)
class Net:
    """How one assignment names its network functions, and the reference's versions of them."""

    ref_forward: Callable[..., tuple]  #: ``(params, *inputs) -> (output, cache)``
    ref_backward: Callable[[Params, Any, np.ndarray], Params]
    ref_loss: Callable[[np.ndarray, np.ndarray], float]
    forward: str = "forward"
    backward: str = "backward"
    loss: str = "mse_loss"
    train: str = "train"
    init: str = "init_params"
    input_names: tuple[str, ...] = ("X",)
    target_name: str = "Y"
    params_container: str = "dict"  #: how the student's functions take and return parameters: "dict" or "list"
    param_names: tuple[str, ...] = ()  #: the order of a "list" container (and the names its gradients get)
    forward_output: tuple = (0,)  #: where the output is in forward's result (``(-1,)``: its last item)
    forward_cache: tuple = (1,)  #: what backward gets of forward's result (``()``: all of it)
    backward_args: tuple[str, ...] = ("params", "cache", "target")  #: backward's argument order
    batch_axis: int = 0  #: the axis of the inputs that holds the samples (1: samples are columns)
    weights: str = "in_out"  #: a weight matrix's layout: "in_out" (rows are inputs) or "out_in"
    #: ``(params, key, wrong shape) -> mistake ids``: what a wrong gradient shape says (e.g. another layer's input)
    shape_mistakes: Callable[[Params, str, tuple], list[str]] | None = None
    #: ``point -> " (a 5-4-3 network, batch of 6)"``: where a failed gradient check looked
    describe: Callable[[Point], str] | None = None

    def where(self, pt: Point) -> str:
        return self.describe(pt) if self.describe is not None else _net_desc(self, pt)

    def native(self, params: Params) -> Any:
        """Parameters as the student's (and the reference's) functions take them."""
        if self.params_container == "list":
            return [params[k] for k in self.param_names]
        return params

    def named(self, value: Any, what: str) -> Any:
        """A list container as a dict by name (anything else is returned as it is, to be judged as a dict)."""
        if self.params_container != "list":
            return value
        names = list(self.param_names)
        if not isinstance(value, (list, tuple)) or len(value) != len(names):
            raise Fail(f"{what} should be a list of {len(names)} arrays [{', '.join(names)}], but it is "
                       f"{describe(value)}", expected=f"[{', '.join(names)}]", got=describe(value),
                       mistakes=["shape-mismatch"])
        return dict(zip(names, value))

    def output_of(self, result: Any) -> Any:
        return _pick(result, self.forward_output)

    def cache_ref(self, slot: str) -> Ref:
        return Ref(slot, tuple(self.forward_cache))

    def backward_call(self, params: Params, cache: Any, target: Any) -> tuple:
        parts = {"params": self.native(params), "cache": cache, "target": target}
        return tuple(parts[a] for a in self.backward_args)

    def ref_grads(self, pt: Point) -> Params:
        result = self.ref_forward(self.native(pt.params), *pt.inputs)
        grads = self.ref_backward(*self.backward_call(pt.params, _pick(result, self.forward_cache), pt.target))
        return self.named(grads, "the reference's gradients")

    def ref_loss_at(self, pt: Point) -> float:
        out = self.output_of(self.ref_forward(self.native(pt.params), *pt.inputs))
        return float(self.ref_loss(out, pt.target))

    def evidence_inputs(self, pt: Point) -> dict:
        """The inputs as the diagnosis step reads them: ``{"params", "X", "Y" or "y", ...}``."""
        out: dict[str, Any] = {"params": {k: np.array(v) for k, v in pt.params.items()}}
        out.update({name: np.array(v) for name, v in zip(self.input_names, pt.inputs)})
        out[self.target_name] = np.array(pt.target)
        return out


def _pick(value: Any, path: tuple) -> Any:
    for key in path:
        value = value[key]
    return value


# --------------------------------------------------------------------------- sandbox helpers


def values(ctx: Context, calls: list[Call], drop: Sequence[str] = ()) -> list[Any]:
    """The values of a batch of calls; the first call that failed raises its ``StudentError``.

    A call that failed makes every later call that uses its result fail too
    ("an input came from a call that failed"); the first failure is the one
    the student must read.
    """
    results = ctx.student.batch(calls, drop=list(drop))
    out = []
    for r in results:
        if isinstance(r, StudentError):
            raise r
        out.append(r.value)
    if len(out) < len(calls):  # pragma: no cover - batch always answers every call or raises above
        raise Fail("the sandbox stopped answering before every call was made")
    return out


def returned(ctx: Context, calls: list[Call], drop: Sequence[str] = ()) -> list[Returned]:
    """Like ``values`` but with the call times."""
    results = ctx.student.batch(calls, drop=list(drop))
    for r in results:
        if isinstance(r, StudentError):
            raise r
    return list(results)


def grad_calls(net: Net, pt: Point, slot: str, ret_forward: tuple | None = None) -> list[Call]:
    """``forward`` kept in the sandbox, then ``backward`` on the student's own cache."""
    return [Call(net.forward, (net.native(pt.params), *pt.inputs), ret=ret_forward, keep=slot),
            Call(net.backward, net.backward_call(pt.params, net.cache_ref(slot), pt.target))]


def loss_calls(ctx: Context, net: Net, pt: Point) -> Callable[[Params], list[Call]]:
    """For ``numeric_grads``: the student's loss of the student's forward at parameters ``p``."""
    def make(p: Params) -> list[Call]:
        slot = ctx.student.slot()
        return [Call(net.forward, (net.native(p), *pt.inputs), ret=None, keep=slot),
                Call(net.loss, (Ref(slot, tuple(net.forward_output)), pt.target))]
    return make


def student_grads(ctx: Context, net: Net, pt: Point) -> tuple[Params, bool, Any]:
    """The student's gradients at ``pt`` (checked for keys and shapes), whether they are low
    precision, and the forward's output."""
    slot = ctx.student.slot()
    fwd, raw = values(ctx, grad_calls(net, pt, slot, ret_forward=()), drop=[slot])
    out = forward_output(net, fwd)
    try:
        what = f"the gradients from `{net.backward}`"
        grads = as_grads(net.named(raw, what), pt.params, _batch_size(net, pt), what, net.batch_axis)
    except Fail as fail:
        _shape_hint(net, pt, raw, fail)
        raise
    return grads, is_low_precision(raw, out), out


def loss_is_right(ctx: Context, net: Net, pt: Point) -> bool:
    """The student's loss of the model answer's own output at ``pt`` is the model answer's loss: when the
    loss of the student's forward is still wrong, the forward is what differs (False when it cannot be
    told: no model answer in a student's install, the loss raised)."""
    kept = ctx.student.last_calls  # the check's evidence stays the calls it judged, not this one
    try:
        out = net.output_of(net.ref_forward(net.native(pt.params), *pt.inputs))
        want = float(net.ref_loss(out, pt.target))
        got = as_float(ctx.student.call(net.loss, out, pt.target), f"`{net.loss}`")
    except (NeedsReference, StudentError, Fail):
        return False
    finally:
        ctx.student.last_calls = kept
    return math.isfinite(got) and abs(got - want) <= 1e-6 * max(1.0, abs(want))  # a float32 loss agrees to ~1e-7


def forward_output(net: Net, result: Any) -> Any:
    """The output part of what the student's forward returned (its shape judged: a tuple or list of the
    declared length when the output is one item of it)."""
    if net.forward_output == (0,) and net.forward_cache == (1,):
        return as_tuple(result, 2, f"`{net.forward}`")[0]
    if not isinstance(result, (list, tuple)):
        raise Fail(f"`{net.forward}` should return a list or tuple, but it returns {describe(result)}",
                   got=describe(result), mistakes=["shape-mismatch"])
    try:
        return _pick(result, net.forward_output)
    except (IndexError, KeyError, TypeError):
        raise Fail(f"`{net.forward}` returns {describe(result)}: the output is not where the contract puts it",
                   got=describe(result), mistakes=["shape-mismatch"]) from None


def _shape_hint(net: Net, pt: Point, raw: Any, fail: Fail) -> None:
    """Add what a wrong gradient shape tells (e.g. ``wrong-layer-input``) to a shape failure."""
    if net.params_container == "list" and isinstance(raw, (list, tuple)) and len(raw) == len(net.param_names):
        raw = dict(zip(net.param_names, raw))
    if net.shape_mistakes is None or not isinstance(raw, dict):
        return
    for k, p in pt.params.items():
        v = raw.get(k)
        shape = tuple(np.shape(v)) if isinstance(v, np.ndarray) else None
        if shape is not None and shape != np.shape(p):
            for m in net.shape_mistakes(pt.params, k, shape):
                if m not in fail.mistakes:
                    fail.mistakes.append(m)
                    fail.message += f"; {MISTAKE_NOTES.get(m, m)}"


def _batch_size(net: Net, pt: Point) -> int:
    return int(np.shape(pt.inputs[0])[net.batch_axis]) if pt.inputs else 0


def as_grads(value: Any, params: Params, n: int, what: str, batch_axis: int = 0) -> Params:
    """A gradient dict with exactly the parameters' keys and shapes.

    A bias gradient with one row (or, samples as columns, one column) per
    sample was not summed over the batch: that is ``bias-not-summed``, said in
    those words.
    """
    grads = as_param_dict(value, list(params), what)
    for k, p in params.items():
        want, got = np.shape(p), grads[k].shape
        if got == want:
            continue
        per_sample = ((len(want) == 1 and got == (n, want[0])) or
                      (len(want) == 2 and batch_axis == 1 and want[1] == 1 and got == (want[0], n)) or
                      (len(want) == 2 and batch_axis == 0 and want[0] == 1 and got == (n, want[1])))
        if n > 1 and per_sample:
            each = "column" if batch_axis == 1 else "row"
            raise Fail(f"{what}: the gradient of {k} has shape {got}, one {each} per sample; a bias gradient "
                       f"is summed over the batch, so it has the bias's shape {want}",
                       expected=str(want), got=str(got), mistakes=["bias-not-summed", "shape-mismatch"])
        expect_shape(grads[k], want, f"{what}: the gradient of {k}")
    return grads


def as_params(value: Any, like: Params, what: str) -> Params:
    """A parameter dict with exactly ``like``'s keys and shapes (e.g. returned by ``train``)."""
    params = as_param_dict(value, list(like), what)
    for k, p in like.items():
        expect_shape(params[k], np.shape(p), f"{what}[{k!r}]")
    return params


# --------------------------------------------------------------------------- probes (see ``common.Probe``)


def probe(fn: str, args: tuple[tuple, tuple], want: tuple[Any, Any], ret: tuple | None = ()) -> Probe:
    """``fn`` called once at each of two inputs."""
    return Probe(fn, ([Call(fn, args[0], ret=ret)], [Call(fn, args[1], ret=ret)]), want, args)


def network_probes(net: Net, a: Point, b: Point) -> list[Probe]:
    """``forward`` (its output only: the cache is the student's business) and ``backward`` (on the student's
    own cache) at two points with the same parameters and different data."""
    pts = (a, b)
    return [
        probe(net.forward, tuple((net.native(pt.params), *pt.inputs) for pt in pts),
              tuple(net.output_of(net.ref_forward(net.native(pt.params), *pt.inputs)) for pt in pts),
              ret=tuple(net.forward_output)),
        Probe(net.backward, (grad_calls(net, a, "probe"), grad_calls(net, b, "probe")),
              (net.native(net.ref_grads(a)), net.native(net.ref_grads(b))),
              tuple((net.native(pt.params), *pt.inputs, pt.target) for pt in pts)),
    ]


def train_probe(net: Net, args: tuple[tuple, tuple], ref_train: Callable[..., tuple]) -> Probe:
    """``train`` at two argument tuples: its parameters are compared with the reference's (its losses need only
    be finite: they come from the loss function, which has a probe of its own). ``Rng(seed)`` stands for a
    fresh generator, for the reference too."""
    def run(xs: tuple) -> tuple:
        return ref_train(*(np.random.default_rng(x.seed) if isinstance(x, Rng) else x for x in xs))[0], None
    return probe(net.train, args, (run(args[0]), run(args[1])))


# --------------------------------------------------------------------------- test points


def kink_free(preacts: Callable[[Params], list[np.ndarray]], params: Params, step: float, margin: float) -> bool:
    """No ReLU input is within ``margin`` of 0, and no finite-difference move of ``step`` flips one.

    ``preacts(params)`` gives the reference's inputs to every ReLU. A central
    difference straddling a kink measures the average of two slopes, which is
    neither side's derivative (docs/gradient-checking.md): a correct student could
    fail. Checked coordinate by coordinate, so it holds for the largest step
    the grader uses (float32, 1e-2).
    """
    base = preacts(params)
    if any(z.size and float(np.min(np.abs(z))) < margin for z in base):
        return False
    signs = [z > 0 for z in base]
    for k, v in params.items():
        for idx in np.ndindex(np.shape(v)):
            for sign in (1.0, -1.0):
                p = dict(params)
                p[k] = np.array(v, dtype=float, copy=True)
                p[k][idx] += sign * step
                if any(not np.array_equal(z > 0, s) for z, s in zip(preacts(p), signs)):
                    return False
    return True


def well_conditioned(net: Net, pt: Point, smallest: float = 1e-3) -> bool:
    """Every reference gradient block is large enough to be compared by its relative error.

    Finite-difference round-off is about ``eps * |L| / h`` per entry (1e-11 in
    float64, 1e-5 in float32): a block whose norm is 1e-3 still measures it
    orders of magnitude below the tolerance.
    """
    grads = net.ref_grads(pt)
    return all(np.all(np.isfinite(g)) and float(np.linalg.norm(g)) >= smallest for g in grads.values())


def draw(make: Callable[[np.random.Generator], Point], ok: Callable[[Point], bool], rng: np.random.Generator,
         tries: int = 500) -> Point:
    """The first point from ``make`` that passes ``ok`` (deterministic: ``rng`` is seeded)."""
    for _ in range(tries):
        pt = make(rng)
        if ok(pt):
            return pt
    raise RuntimeError("no acceptable test point found; widen the draw")  # a grader bug, never the student's


# --------------------------------------------------------------------------- messages


def explain_blocks(fn: str, comp: GradComparison, against: str) -> str:
    """``backward: W1 differs from the reference (relative error 3.1e-02); W2, b1, b2 are right``."""
    wrong = comp.wrong
    right = [k for k in comp.errors if k not in wrong]
    parts = ", ".join(f"{k} ({_err(comp.errors[k])})" for k in wrong)
    verb = "differs" if len(wrong) == 1 else "differ"
    text = f"`{fn}`: the gradient of {parts} {verb} from {against} (relative error; tolerance {comp.tol:g})"
    if right:
        text += f"; {', '.join(right)} {'is' if len(right) == 1 else 'are'} right"
    if comp.relation:
        text += f"; {comp.relation}"
    return text


def _err(e: float) -> str:
    return f"{e:.1e}" if math.isfinite(e) else "not finite"


def _net_desc(net: Net, pt: Point) -> str:
    """A chain of layers read off the 2-D weights in order (right for an MLP; other networks pass their own)."""
    shapes = [np.shape(v) for k, v in pt.params.items() if np.ndim(v) == 2 and min(np.shape(v)) > 1 or
              (np.ndim(v) == 2 and not k.startswith("b"))]
    if not shapes:
        return ""
    if net.weights == "out_in":
        shapes = [s[::-1] for s in shapes]
    sizes = [shapes[0][0]] + [s[1] for s in shapes]
    return f" (a {'-'.join(map(str, sizes))} network, batch of {_batch_size(net, pt)})"


MISTAKE_NOTES = {
    "softmax-diagonal-jacobian": "the output gradient is what softmax gives through p(1-p) alone; with cross-entropy "
                                 "the gradient with respect to the logits is P - onehot(y), divided by N",
    "activation-derivative-at-output": "the activation's derivative was evaluated at the activation instead of at "
                                       "the pre-activation",
    "derivative-formula-on-preactivation": "the derivative formula written for an already activated value (a(1-a) "
                                           "for a sigmoid, 1 - a**2 for tanh) was applied to the pre-activation z",
    "activation-derivative-of-gradient": "the activation's derivative was applied to the incoming gradient instead "
                                         "of multiplying it",
    "wrong-activation-derivative": "the activation's derivative is not the exact derivative",
    "bias-not-summed": "a bias gradient is not the sum of its rows over the batch",
    "wrong-layer-input": "a weight gradient uses the input of another layer",
    "transposed-gradient": "a weight gradient has the shape of its weight transposed: the product that makes it "
                           "is taken in the wrong order",
    "overwrite-not-accumulate": "the gradient equals that of one sample only: the per-sample terms are overwritten, "
                                "not added up",
}


# --------------------------------------------------------------------------- what a check may name itself


def name_gradient_mistake(comp: GradComparison) -> list[str]:
    """Only what is certain from the comparison alone: one relation holding for every block at once
    (``-1`` times, or one factor ``c``, times the correct gradient). Anything else (a mistake in some
    blocks, a mutant) is the diagnosis pipeline's to name, in its documented order."""
    if comp.mistakes and comp.relation.startswith("every gradient"):
        return list(comp.mistakes)
    return []


# --------------------------------------------------------------------------- gradient checks


def check_backward_numeric(ctx: Context, net: Net, pt: Point) -> None:
    """The student's gradient against central differences of the student's own forward and loss.

    When they disagree but the gradient equals the reference's, the loss (or
    the forward) is what is wrong, and the message says so.
    """
    got, low, _ = student_grads(ctx, net, pt)
    calls = loss_calls(ctx, net, pt)(pt.params)
    loss_value = values(ctx, calls, drop=[c.keep for c in calls if c.keep])[1]
    # float32 inside shows in a returned dtype, or in a loss that agrees with float64 to ~1e-7 only
    drift = abs(as_float(loss_value, f"`{net.loss}`") - net.ref_loss_at(pt)) / max(abs(net.ref_loss_at(pt)), 1e-12)
    low = low or is_low_precision(loss_value) or 1e-10 < drift < 1e-4
    numeric = numeric_grads(ctx, loss_calls(ctx, net, pt), pt.params, FD_STEP32 if low else FD_STEP64)
    comp = compare_grads(got, numeric, FD_TOL32 if low else FD_TOL64)
    reference = net.ref_grads(pt)
    if comp.ok:
        expect_not_trivial(got, numeric, reference, net.loss, net.backward)
        return
    details = grad_details(got, numeric, comp)
    if compare_grads(got, reference, GRAD_TOL32 if low else GRAD_TOL64).ok:
        if loss_is_right(ctx, net, pt):
            raise Fail(f"`{net.backward}` gives the correct gradient, but not the gradient of your own "
                       f"`{net.loss}` of your `{net.forward}`; your `{net.loss}` of the model answer's output is "
                       f"right, so your `{net.forward}` is what is wrong", mistakes=["wrong-forward"],
                       details=details, function=net.forward)
        raise Fail(f"`{net.backward}` gives the correct gradient, but not the gradient of your own "
                   f"`{net.loss}` of your `{net.forward}`: the loss or the forward pass is what is wrong",
                   mistakes=["wrong-loss"], details=details, function=net.loss)
    mistakes = name_gradient_mistake(comp)
    if not mistakes and ctx.student_mode and comp.mistakes == ["transposed-gradient"]:
        # no mutants in a student's install to try first; a wrong block that is exactly its correct value
        # transposed (square, so no shape check saw it) is that mistake and no other
        mistakes = ["transposed-gradient"]
    text = explain_blocks(net.backward, comp, f"finite differences of your own `{net.loss}`") + net.where(pt)
    raise Fail(text, expected=fmt(numeric), got=fmt(got), mistakes=mistakes,
               details=details, function=net.backward,
               evidence={"kind": "gradients", "fn": net.backward, "inputs": net.evidence_inputs(pt), "got": got,
                         "low_precision": low, "calls": grad_calls(net, pt, ctx.student.slot(), ret_forward=None)})


def check_backward_reference(ctx: Context, net: Net, points: Sequence[Point]) -> None:
    """The student's gradient against the reference's, block by block, at every point."""
    for pt in points:
        got, low, _ = student_grads(ctx, net, pt)
        want = net.ref_grads(pt)
        tol = GRAD_TOL32 if low else GRAD_TOL64
        comp = compare_grads(got, want, tol)
        if comp.ok:
            continue
        mistakes = name_gradient_mistake(comp)
        text = explain_blocks(net.backward, comp, "the reference") + net.where(pt)
        raise Fail(text, expected=fmt(want), got=fmt(got), mistakes=mistakes,
                   details=grad_details(got, want, comp), function=net.backward,
                   evidence={"kind": "gradients", "fn": net.backward, "inputs": net.evidence_inputs(pt),
                             "got": got, "low_precision": low,
                             "calls": grad_calls(net, pt, ctx.student.slot(), ret_forward=None)})


def grads_right(ctx: Context, net: Net, pt: Point) -> bool:
    """Does the student's ``backward`` give the reference's gradient at ``pt``, twice in a row?

    Used only to decide whether a training failure may be blamed on training
    itself; asked twice so that state kept between calls counts as wrong.
    """
    key = ("grads_right", _fingerprint(pt))
    if key not in ctx.cache:
        try:
            want = net.ref_grads(pt)
            ok = True
            for _ in range(2):
                got, low, _ = student_grads(ctx, net, pt)
                ok = ok and compare_grads(got, want, GRAD_TOL32 if low else GRAD_TOL64).ok
            ctx.cache[key] = ok
        except (Fail, StudentError):
            ctx.cache[key] = False
    return ctx.cache[key]


def _fingerprint(pt: Point) -> str:
    h = hashlib.sha1()
    for v in [*pt.params.values(), *pt.inputs, pt.target]:
        h.update(np.ascontiguousarray(v).tobytes())
    return h.hexdigest()


def check_repeatable(ctx: Context, net: Net, pt: Point) -> None:
    """Same inputs, same gradient; and ``backward`` does not change the cache it is given.

    Calls, in one sandbox: forward (cache A), backward(A), forward (cache B),
    backward(B), backward(A) again. B differing from A is state kept between
    calls; the second backward(A) differing from the first is a cache that
    the first backward modified.
    """
    a, b = ctx.student.slot(), ctx.student.slot()
    p, inputs, t = pt.params, pt.inputs, pt.target
    native, out = net.native(p), tuple(net.forward_output)
    out_a, g_a, out_b, g_b, g_a2 = values(ctx, [
        Call(net.forward, (native, *inputs), ret=out, keep=a),
        Call(net.backward, net.backward_call(p, net.cache_ref(a), t)),
        Call(net.forward, (native, *inputs), ret=out, keep=b),
        Call(net.backward, net.backward_call(p, net.cache_ref(b), t)),
        Call(net.backward, net.backward_call(p, net.cache_ref(a), t)),
    ], drop=[a, b])
    if not _same(out_a, out_b):
        raise Fail(f"calling `{net.forward}` twice with the same inputs gave different outputs: it keeps state "
                   "between calls", mistakes=["stale-gradient-state"], function=net.forward)
    if not _same(g_a, g_b):
        raise Fail(f"calling `{net.forward}` then `{net.backward}` twice with the same inputs gave different "
                   "gradients: the gradient keeps state between calls (e.g. an accumulator at module level, or in "
                   "an object that lives on, that is never reset)", mistakes=["stale-gradient-state"],
                   function=net.backward)
    if not _same(g_a, g_a2):
        raise Fail(f"calling `{net.backward}` a second time on the same cache gave a different gradient: the "
                   "first call modified the cache it was given (an in-place operation such as `*=` on an array "
                   "stored by the forward pass)", mistakes=["mutates-input"], function=net.backward)


def check_unchanged(ctx: Context, calls: Sequence[tuple[str, tuple, str]], net: Net | None = None,
                    pt: Point | None = None) -> None:
    """Each ``(fn, args, what)`` call leaves its arguments as they were; with ``net`` and ``pt``,
    ``backward`` on the student's own cache leaves the parameters and targets alone too."""
    if net is not None and pt is not None:  # first: when backward is the culprit, train is only its messenger
        slot = ctx.student.slot()
        watched = tuple(i for i, a in enumerate(net.backward_args) if a != "cache")
        _, back = returned(ctx, [Call(net.forward, (net.native(pt.params), *pt.inputs), ret=None, keep=slot),
                                 Call(net.backward, net.backward_call(pt.params, net.cache_ref(slot), pt.target),
                                      ret=None, digest=watched)],
                           drop=[slot])
        expect_unchanged(back, net.backward, f"params or {net.target_name}")
    for fn, args, what in calls:
        expect_unchanged(ctx.student.call_full(fn, *args), fn, what)


# --------------------------------------------------------------------------- training


@dataclass
class TrainCase:
    """One call of ``train``: the grader's starting point, the other arguments, what the reference gives."""

    start: Params
    args: tuple  #: train's arguments after ``params``
    names: tuple[str, ...]  #: their names in the evidence (``X``, ``Y``, ``lr``, ``epochs``, ...)
    epochs: int
    reference: tuple[Params, list[float]]
    grads_at: Point | None = None  #: where the student's backward is checked before naming a training mistake
    title: str = ""

    def describe(self) -> str:
        shown = ", ".join(f"{n}={v}" for n, v in zip(self.names, self.args)
                          if isinstance(v, (int, float)) and not isinstance(v, bool))
        return f"{self.title} ({shown})" if self.title else f"({shown})"


def check_trajectory(ctx: Context, net: Net, cases: Sequence[TrainCase]) -> None:
    """``train`` from the grader's parameters follows the reference's losses and final parameters."""
    for case in cases:
        done = ctx.student.call_full(net.train, net.native(case.start), *case.args)
        raw = done.value
        params_raw, losses_raw = as_tuple(raw, 2, f"`{net.train}`")
        low = is_low_precision(params_raw, losses_raw)
        losses = losses_list(losses_raw, case.epochs, f"the losses from `{net.train}`")
        what = f"the parameters returned by `{net.train}`"
        params = as_params(net.named(params_raw, what), case.start, what)
        rparams, rlosses = case.reference
        rlosses = np.asarray(rlosses, dtype=float)
        rtol = RTOL32 if low else RTOL64
        bad_loss = [i for i in range(len(rlosses)) if not close(losses[i:i + 1], rlosses[i:i + 1], rtol)]
        bad_params = [k for k in rparams if not close(params[k], np.asarray(rparams[k], float), rtol)]
        if not bad_loss and not bad_params:
            continue
        details = curves(f"`{net.train}` from the grader's starting point{(': ' + case.title) if case.title else ''}",
                         losses, rlosses)
        evidence = {"kind": "train", "fn": net.train,
                    "inputs": {"params": {k: np.array(v) for k, v in case.start.items()},
                               **dict(zip(case.names, case.args))},
                    "got": {"params": params, "losses": losses}, "low_precision": low}
        where = case.describe()
        if bad_loss:
            i = bad_loss[0]
            if i == 0:
                text = (f"`{net.train}` {where}: the loss before training (losses[0]) is {losses[0]:.6g}, the "
                        f"reference's is {rlosses[0]:.6g}: it must be the loss at the parameters you were given")
            else:
                text = (f"`{net.train}` {where}: the loss after epoch {i} is {losses[i]:.6g}, the reference's is "
                        f"{rlosses[i]:.6g}" + ("; the epochs before it match" if i > 1 else ""))
        else:
            text = (f"`{net.train}` {where}: the losses match the reference but the returned parameters "
                    f"{', '.join(bad_params)} do not")
        mistakes, note = _name_training(ctx, net, case, params, losses, low, done.mutated)
        rule, rule_note, factor = own_step(ctx, net, case, low)
        if rule:  # a step of the student's own gradient with a wrong factor (for pointing at the step)
            evidence["own_step"] = factor
            evidence["gradient_function"] = net.backward  # the gradient that step is of
        mistakes += [m for m in rule if m not in mistakes]
        note = "; ".join(n for n in (note, rule_note) if n)
        if note:
            text += f"; {note}"
        raise Fail(text, expected=fmt(rlosses), got=fmt(losses), mistakes=mistakes, details=details,
                   function=net.train, evidence=evidence)


def _name_training(ctx: Context, net: Net, case: TrainCase, params: Params, losses: np.ndarray,
                   low: bool, mutated: bool = False) -> tuple[list[str], str]:
    """The one training mistake only this check can see: ``train`` changed the arrays it was given (its
    arguments' digests). Mutants and dynamics (learning rate, stalling) are the diagnosis pipeline's."""
    if mutated and case.grads_at is not None and grads_right(ctx, net, case.grads_at):
        return ["mutates-input"], (f"your gradients are right, but `{net.train}` changes the arrays it is given in "
                                   "place, so later epochs work on altered data: work on copies")
    return [], ""


#: the arguments of a training function that leave its step ``lr * gradient`` (one batch of all rows)
PLAIN_TRAINING = frozenset({"X", "Y", "y", "h0", "lr", "epochs", "batch_size", "rng"})


def own_step(ctx: Context, net: Net, case: TrainCase, low: bool) -> tuple[list[str], str, float | None]:
    """The update rule judged on its own, whatever else is wrong: one epoch of the student's ``train`` from
    the grader's start against a step of ``lr`` times the student's *own* gradient there.

    Only where the contract's rule is a plain full-batch step on these inputs (the model answer's one
    epoch is ``start - lr * its gradient``: no clipping at work; minibatches are made one batch of all
    rows), and where the student's gradient is the same on two calls. Named ``update-rule`` when the step
    is ``c * lr * gradient`` with ``c`` negative (``+=``) or 1/N (divided by the N samples again): another
    positive factor is another learning rate, left to the diagnosis. Also returns the factor."""
    names = case.names
    if "lr" not in names or "epochs" not in names or not set(names) <= PLAIN_TRAINING or \
            not all(n in names for n in (*net.input_names, net.target_name)):
        return [], "", None  # another argument (a clipping norm) may make the student's step differ from lr * gradient
    pt = Point(case.start, tuple(case.args[names.index(n)] for n in net.input_names),
               case.args[names.index(net.target_name)])
    args = list(case.args)
    args[case.names.index("epochs")] = 1
    if "batch_size" in case.names:
        args[case.names.index("batch_size")] = _batch_size(net, pt)
    lr = float(args[case.names.index("lr")])
    try:
        ref_grads = net.ref_grads(pt)
        ref_args = [np.random.default_rng(a.seed) if isinstance(a, Rng) else a for a in args]
        ref_step = ctx.on_task("train", net.native(pt.params), *ref_args)
        ref_p1 = net.named(ref_step[0], "train")
        if not all(close(np.asarray(ref_p1[k], float), pt.params[k] - lr * ref_grads[k], 1e-9) for k in ref_grads):
            return [], "", None  # the contract's step is not a plain one here
        g1, low1 = _stable_grads(ctx, net, pt)
        if g1 is None:
            return [], "", None
        raw = ctx.student.call(net.train, net.native(pt.params), *args)
        p1 = as_params(net.named(as_tuple(raw, 2, f"`{net.train}`")[0], "train"), pt.params, "train")
    except (Fail, StudentError, NeedsReference):
        return [], "", None
    tol = RTOL32 if (low or low1) else RTOL64
    found = own_rule(pt.params, p1, g1, lr, tol, _batch_size(net, pt), net.train, net.backward,
                     lambda: _momentum(ctx, net, pt, args, names.index("epochs"), p1, g1, lr, tol))
    return (["update-rule"], found[1], found[0]) if found is not None else ([], "", None)


def _momentum(ctx: Context, net: Net, pt: Point, args: list, epochs_at: int, p1: Params, g0: Params, lr: float,
              tol: float) -> float | None:
    """``momentum_step`` on two epochs of the student's ``train`` from the grader's start (``args`` asks for one,
    at ``epochs_at``), with the student's own gradient after the first (the same on two calls)."""
    if not plain_step(pt.params, p1, g0, lr, tol):
        return None  # the first step is not the plain one: no momentum to look for (and no calls made)
    two = list(args)
    two[epochs_at] = 2
    try:
        g1, _ = _stable_grads(ctx, net, Point(p1, pt.inputs, pt.target))
        if g1 is None:
            return None
        raw = ctx.student.call(net.train, net.native(pt.params), *two)
        p2 = as_params(net.named(as_tuple(raw, 2, f"`{net.train}`")[0], "train"), pt.params, "train")
    except (Fail, StudentError, NeedsReference):
        return None
    return momentum_step(pt.params, p1, p2, g0, g1, lr, tol)


def _stable_grads(ctx: Context, net: Net, pt: Point) -> tuple[Params | None, bool]:
    """The student's gradients at ``pt`` and whether they are low precision, when two calls give the same
    (a step can be judged against them); ``(None, False)`` when they differ (state kept between calls)."""
    g1, low, _ = student_grads(ctx, net, pt)
    g2, _, _ = student_grads(ctx, net, pt)
    return (g1, low) if all(np.array_equal(g1[k], g2[k]) for k in g1) else (None, False)


def _same_run(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    """Equal within ``tol`` (norm-relative), with NaN and infinities in the same places."""
    if a.shape != b.shape or not np.array_equal(np.isfinite(a), np.isfinite(b)):
        return False
    fin = np.isfinite(a)
    return rel_error(a[fin], b[fin]) <= tol


# --------------------------------------------------------------------------- init_params


@dataclass
class InitCase:
    """``init_params(*args)`` and the shapes it must give."""

    args: Callable[[Rng], tuple]  #: the arguments, given the generator
    shapes: dict[str, tuple]
    hidden: list[tuple[str, str, str]]  #: each hidden layer: (incoming weights, bias, outgoing weights)
    title: str = ""
    inputs: np.ndarray | None = None  #: data the network is meant for (evidence for the diagnosis)


def check_init(ctx: Context, net: Net, cases: Sequence[InitCase],
               saturation: Callable[[list[Params], InitCase], tuple[float, str]] | None = None,
               saturated_limit: float = 0.25) -> None:
    """``init_params``: shapes, the same result for the same seed, symmetry broken, no saturation."""
    for case in cases:
        first, again, other, fourth = values(ctx, [
            Call(net.init, case.args(Rng(7))), Call(net.init, case.args(Rng(7))),
            Call(net.init, case.args(Rng(8))), Call(net.init, case.args(Rng(9))),
        ])
        what = f"`{net.init}{case.title}`"
        p7, _, p8, p9 = (_init_params(net.named(v, f"the parameters from {what}"), case, what)
                         for v in (first, again, other, fourth))
        for sample in (p7, p8):
            pair = _identical_units(sample, case, net.weights)
            if pair:
                layer, j, k = pair
                w_in, b, w_out = layer
                raise Fail(f"{what} gives hidden units {j} and {k} of layer {w_in} identical weights ({w_in} "
                           f"columns, {b} entries and {w_out} rows are equal): they compute the same value and "
                           "receive the same gradient, so they stay identical through training; draw the weights "
                           "at random from `rng`", mistakes=["symmetric-init"], function=net.init,
                           evidence={**_init_evidence(net, case, p7), "key": w_in,
                                     "calls": [Call(net.init, case.args(Rng(7)))]})
        if not _same(first, again):
            raise Fail(f"{what} gives different parameters for two generators with the same seed: take every "
                       "random number from the `rng` argument (not from np.random or a generator of your own)",
                       function=net.init)
        if all(np.array_equal(p7[k], p8[k]) for k in p7):
            raise Fail(f"{what} gives the same parameters for generators with different seeds: it does not use "
                       "its `rng` argument", function=net.init)
        if saturation is not None:
            fraction, text = saturation([p7, p8, p9], case)
            if fraction > saturated_limit:
                raise Fail(f"{what}: {text}; initial weights that large saturate the activations, where the "
                           "gradient vanishes and learning stalls; scale them by the layer's fan-in",
                           mistakes=["init-too-large"], function=net.init,
                           evidence={**_init_evidence(net, case, p7), "layout": net.weights,
                                     "calls": [Call(net.init, case.args(Rng(7)))]})


def _init_evidence(net: Net, case: InitCase, got: Params) -> dict:
    evidence = {"kind": "init", "fn": net.init, "got": got}
    if case.inputs is not None:
        evidence["X"] = case.inputs
    return evidence


def _init_params(value: Any, case: InitCase, what: str) -> Params:
    params = as_param_dict(value, list(case.shapes), f"the dict from {what}")
    for k, shape in case.shapes.items():
        expect_shape(params[k], shape, f"{k} from {what}")
    bad = [k for k in case.shapes if not np.all(np.isfinite(params[k]))]
    if bad:  # NaN is never equal to itself: it would pass every comparison below
        raise Fail(f"{what} gives NaN or infinite values in {', '.join(bad)}: initial parameters must be finite "
                   "numbers drawn from `rng`", got=fmt(params[bad[0]]))
    return params


def _identical_units(params: Params, case: InitCase,
                     weights: str = "in_out") -> tuple[tuple[str, str, str], int, int] | None:
    for layer in case.hidden:
        w_in, b, w_out = layer
        if weights == "out_in":  # row j of W_in, b[j], column j of W_out: hidden unit j
            units = np.hstack([params[w_in], np.reshape(params[b], (-1, 1)), params[w_out].T])
        else:
            units = np.vstack([params[w_in], params[b][None, :], params[w_out].T]).T  # one row per hidden unit
        if len(units) < 2:
            continue
        _, first, counts = np.unique(units, axis=0, return_index=True, return_counts=True)
        if np.any(counts > 1):
            row = units[first[np.argmax(counts)]]
            same = [i for i in range(len(units)) if np.array_equal(units[i], row)]
            return layer, same[0], same[1]
    return None


# --------------------------------------------------------------------------- shapes of outputs


def expect_integers(value: Any, shape: tuple, what: str) -> np.ndarray:
    """An array of ``shape`` whose values are integers (labels, 0/1 predictions)."""
    arr = expect_shape(value, shape, what)
    if not (isinstance(value, np.ndarray) and value.dtype.kind in "biu") and not np.all(arr == np.round(arr)):
        raise Fail(f"{what} should hold integers, but it is {describe(value)} with non-integer values",
                   got=describe(value), mistakes=["shape-mismatch"])
    return arr

