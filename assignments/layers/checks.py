"""Checks for ``layers``: modular forward/backward pairs and a network built from them (contract: README.md).

Every layer is checked by one generic function (``check_pair``, CS231n's gradient check): its forward
against the model answer, its backward with a random upstream gradient (never ones) against central
differences of the student's *own* forward and against the model answer, and neither modifying what it
was given. ``TwoHiddenNet`` is checked through its own ``.params``: the model answer computes the loss and
gradients at the student's parameters, and the grader trains the student's object by writing into them.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from grader.checks.base import CheckSpec, Context, Fail
from grader.checks.common import (
    FD_STEP32, FD_TOL32, FD_TOL64, GRAD_TOL32, GRAD_TOL64, as_float, as_tuple, close, compare_grads, describe,
    expect_close, expect_shape, grad_details, is_low_precision, logistic,
)
from grader.checks.networks import explain_blocks, name_gradient_mistake, values
from grader.sandbox.session import Call, Ref, Rng, StudentError

FUNCTIONS = ("affine_forward", "affine_backward", "relu_forward", "relu_backward", "sigmoid_forward",
             "sigmoid_backward", "softmax_loss", "mse_loss", "TwoHiddenNet")
STEP = 1e-6
SIZES = (6, 5, 4, 3)  #: input, hidden1, hidden2, classes of the test network (non-square everywhere)


def _rng(what: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(f"layers/{what}".encode()))


@dataclass(frozen=True)
class Pair:
    """A layer: its forward, its backward, the names of the forward's array inputs."""

    forward: str
    backward: str
    inputs: tuple[str, ...]

    square: bool = False  #: an affine layer with w square (a transposed dx or dw keeps its shape there)

    def point(self, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
        if self.forward == "affine_forward":
            m = 4 if self.square else 3
            return (rng.normal(0, 1, (5, 4)), rng.normal(0, 0.7, (4, m)), rng.normal(0, 0.5, m))
        x = rng.normal(0, 1.5, (5, 4))
        if self.forward == "relu_forward":  # away from the kink by far more than the finite-difference step
            x = np.where(np.abs(x) < 0.1, np.sign(x + 1e-9) * 0.1 + x, x)
        return (x,)


AFFINE = Pair("affine_forward", "affine_backward", ("x", "w", "b"))
AFFINE_SQUARE = Pair("affine_forward", "affine_backward", ("x", "w", "b"), square=True)
RELU = Pair("relu_forward", "relu_backward", ("x",))
SIGMOID = Pair("sigmoid_forward", "sigmoid_backward", ("x",))


# --------------------------------------------------------------------------- the generic layer check


def numeric(ctx: Context, fn: str, args: tuple, dout: np.ndarray | float, which: int,
            step: float = STEP) -> np.ndarray:
    """d sum(fn(*args)[0] * dout) / d args[which], by central differences of the student's own forward (or,
    with ``dout = 1.0``, of its own loss)."""
    base = np.asarray(args[which], float)
    calls = []
    for idx in np.ndindex(base.shape):
        for sign in (1.0, -1.0):
            moved = base.copy()
            moved[idx] += sign * step
            calls.append(Call(fn, tuple(moved if i == which else a for i, a in enumerate(args)), ret=(0,)))
    outs = values(ctx, calls)
    grad = np.zeros(base.shape)
    scalar = np.ndim(dout) == 0
    for k, idx in enumerate(np.ndindex(base.shape)):
        plus, minus = ((as_float(v, f"`{fn}`") if scalar else np.asarray(v, float)) for v in outs[2 * k:2 * k + 2])
        grad[idx] = float(np.sum((plus - minus) * dout)) / (2 * step)
    return grad


def expect_gradients(fn: str, got: dict, fd: dict, want: dict, low: bool, own: str, evidence: dict,
                     wrong_own: tuple[str, str] | None = None) -> None:
    """The student's gradients against central differences of their own ``own`` (the function the gradient
    is of), then against the model answer. With ``wrong_own = (id, what)``: a gradient that equals the model
    answer's but not that of the student's own function says the function is what is wrong."""
    comp = compare_grads(got, fd, FD_TOL32 if low else FD_TOL64)
    if not comp.ok:
        if wrong_own is not None and compare_grads(got, want, GRAD_TOL32 if low else GRAD_TOL64).ok:
            raise Fail(f"`{fn}` returns the correct gradient, but not the gradient of its own {wrong_own[1]}: the "
                       f"{wrong_own[1]} value is what is wrong", mistakes=[wrong_own[0]], function=fn)
        raise Fail(explain_blocks(fn, comp, f"central differences of your own {own}"),
                   details=grad_details(got, fd, comp), mistakes=name_gradient_mistake(comp), function=fn,
                   evidence=evidence)
    comp = compare_grads(got, want, GRAD_TOL32 if low else GRAD_TOL64)
    if not comp.ok:
        raise Fail(explain_blocks(fn, comp, "the model answer"), details=grad_details(got, want, comp),
                   function=fn, evidence=evidence)


def _as_grads(raw, pair: Pair, args: tuple) -> dict[str, np.ndarray]:
    n = len(pair.inputs)
    parts = as_tuple(raw, n, f"`{pair.backward}`") if n > 1 else (raw,)
    out = {}
    for name, part, arg in zip(pair.inputs, parts, args):
        want = np.shape(arg)
        got = np.shape(part) if isinstance(part, np.ndarray) else None
        if got is not None and len(want) == 2 and got == want[::-1] and want[0] != want[1]:
            raise Fail(f"`{pair.backward}`: d{name} has shape {got}, the transpose of {name}'s {want}: a gradient "
                       "has its parameter's shape", expected=str(want), got=str(got),
                       mistakes=["transposed-gradient"], function=pair.backward)
        if got is not None and len(want) == 1 and len(got) == 2 and got[1] == want[0]:
            raise Fail(f"`{pair.backward}`: d{name} has shape {got}, one row per sample; {name}'s gradient is summed "
                       f"over the batch, so it has {name}'s shape {want}", expected=str(want), got=str(got),
                       mistakes=["bias-not-summed", "shape-mismatch"], function=pair.backward)
        out[f"d{name}"] = expect_shape(part, want, f"d{name} from `{pair.backward}`")
    return out


def check_pair(ctx: Context, pair: Pair) -> None:
    """One layer: forward values, backward against central differences and the model answer, nothing
    modified."""
    rng = ctx.rng(pair.forward)
    args = pair.point(rng)
    ref_out, ref_cache = getattr(ctx.ref, pair.forward)(*args)
    dout = rng.normal(0, 1, np.shape(ref_out))
    slot = ctx.student.slot()
    fwd = ctx.student.batch([Call(pair.forward, args, keep=slot, digest=True)])[0]
    if isinstance(fwd, StudentError):
        raise fwd
    out = as_tuple(fwd.value, 2, f"`{pair.forward}`")[0]
    if fwd.mutated:
        raise Fail(f"`{pair.forward}` modified its input in place; it must leave it alone",
                   mistakes=["mutates-input"], function=pair.forward)
    expect_close(out, ref_out, f"the output of `{pair.forward}`", mistakes=("wrong-forward",))
    back = ctx.student.batch([Call(pair.backward, (dout.copy(), Ref(slot)[1]), digest=True)], drop=[slot])[0]
    if isinstance(back, StudentError):
        raise back
    if back.mutated:
        raise Fail(f"`{pair.backward}` modified the upstream gradient or the cache it was given (an in-place "
                   "operation such as `dout[x <= 0] = 0`): work on a copy", mistakes=["mutates-input"],
                   function=pair.backward)
    got = _as_grads(back.value, pair, args)
    low = is_low_precision(back.value, out)
    step = FD_STEP32 if low else STEP
    fd = {f"d{name}": numeric(ctx, pair.forward, args, dout, i, step) for i, name in enumerate(pair.inputs)}
    want = dict(zip([f"d{n}" for n in pair.inputs],
                    (lambda r: r if isinstance(r, tuple) else (r,))(getattr(ctx.ref, pair.backward)(dout, ref_cache))))
    again = ctx.student.slot()  # what the pointing step replays, traced: the forward kept, then the backward
    evidence = {"kind": "gradients", "fn": pair.backward,
                "inputs": {**dict(zip(pair.inputs, args)), "dout": dout}, "got": got, "low_precision": low,
                "calls": [Call(pair.forward, args, keep=again, ret=None),
                          Call(pair.backward, (dout.copy(), Ref(again)[1]))]}
    expect_gradients(pair.backward, got, fd, want, low, f"`{pair.forward}` (with a random upstream gradient)",
                     evidence)


# --------------------------------------------------------------------------- the checks


def check_api(ctx: Context) -> None:
    """Every function exists and runs; TwoHiddenNet can be built."""
    rng = _rng("api")
    x, w, b = AFFINE.point(rng)
    y = np.array([0, 1, 2, 1, 0])
    calls = {"affine_forward": (x, w, b), "relu_forward": (x,), "sigmoid_forward": (x,),
             "softmax_loss": (x[:, :3], y), "mse_loss": (x, x + 1), "TwoHiddenNet": (*SIZES, Rng(0))}
    # the backwards get a cache of None, so that they are called even when the forwards are missing: any
    # exception other than NotImplementedError means their body exists
    calls.update({fn: (np.ones((5, 3)), None) for fn in ("affine_backward", "relu_backward", "sigmoid_backward")})
    missing, stubbed = [], []
    for fn, args in calls.items():
        try:
            ctx.student.call(fn, *args, ret=None)
        except StudentError as err:
            if err.kind in ("missing", "not_callable"):
                missing.append(fn)
            elif err.kind == "not_implemented":
                stubbed.append(fn)
    total = len(calls)
    ok = total - len(missing) - len(stubbed)
    if missing or stubbed:
        parts = ([f"not implemented yet: {', '.join(stubbed)}"] if stubbed else []) + \
                ([f"missing: {', '.join(missing)}"] if missing else [])
        raise Fail("; ".join(parts), fraction=ok / total if ok > 2 else 0.0, mistakes=["not-implemented"],
                   function=(stubbed + missing)[0])


def check_shapes(ctx: Context) -> None:
    """Each forward returns (out, cache) with the contract's shapes; the net's params and scores too."""
    rng = _rng("shapes")
    x, w, b = AFFINE.point(rng)
    out = as_tuple(ctx.student.call("affine_forward", x, w, b), 2, "`affine_forward`")[0]
    expect_shape(out, (5, 3), "the output of affine_forward (x (5, 4), w (4, 3))")
    for fn in ("relu_forward", "sigmoid_forward"):
        expect_shape(as_tuple(ctx.student.call(fn, x), 2, f"`{fn}`")[0], x.shape, f"the output of {fn}")
    loss, dx = as_tuple(ctx.student.call("softmax_loss", x[:, :3], np.array([0, 1, 2, 1, 0])), 2, "`softmax_loss`")
    as_float(loss, "the loss from softmax_loss")
    expect_shape(dx, (5, 3), "dx from softmax_loss")
    loss, dpred = as_tuple(ctx.student.call("mse_loss", x, x + 1), 2, "`mse_loss`")
    as_float(loss, "the loss from mse_loss")
    expect_shape(dpred, x.shape, "dpred from mse_loss")
    net = ctx.student.slot()
    params, scores = values(ctx, [Call("TwoHiddenNet", (*SIZES, Rng(0)), ret=None, keep=net),
                                  Call("params", on=Ref(net), get=True),
                                  Call("loss", (rng.normal(size=(7, SIZES[0])),), on=Ref(net))], drop=[net])[1:]
    _net_params(params, "TwoHiddenNet(...).params")
    expect_shape(scores, (7, SIZES[-1]), "net.loss(X) for X of 7 rows (the scores)")


def _net_params(value, what: str) -> dict[str, np.ndarray]:
    shapes = {"W1": SIZES[:2], "b1": SIZES[1:2], "W2": SIZES[1:3], "b2": SIZES[2:3], "W3": SIZES[2:4],
              "b3": SIZES[3:4]}
    if not isinstance(value, dict) or set(value) != set(shapes):
        raise Fail(f"{what} should be a dict with keys {sorted(shapes)}, but it is {describe(value)}",
                   mistakes=["shape-mismatch"], function="TwoHiddenNet")
    return {k: expect_shape(value[k], shapes[k], f"{what}[{k!r}]") for k in shapes}


def check_forward_layers(ctx: Context) -> None:
    """affine, relu and sigmoid forward against the model answer (sigmoid also at +-1000)."""
    for pair in (AFFINE, RELU, SIGMOID):
        args = pair.point(ctx.rng(pair.forward))
        out = as_tuple(ctx.student.call(pair.forward, *args), 2, f"`{pair.forward}`")[0]
        expect_close(out, getattr(ctx.ref, pair.forward)(*args)[0], f"the output of `{pair.forward}`",
                     mistakes=("wrong-forward",))
    big = np.array([[-1000.0, -50.0, 0.0, 50.0, 1000.0]])
    out = as_tuple(ctx.student.call("sigmoid_forward", big), 2, "`sigmoid_forward`")[0]
    expect_close(out, ctx.ref.sigmoid_forward(big)[0], "sigmoid_forward at -1000, -50, 0, 50, 1000")


def _loss_points(rng: np.random.Generator) -> tuple:
    scores = rng.normal(0, 2, (6, 4))
    y = np.array([0, 3, 1, 2, 3, 0])
    pred, target = rng.normal(0, 1, (6, 3)), rng.normal(0, 1, (6, 3))
    return scores, y, pred, target


def check_forward_losses(ctx: Context) -> None:
    """softmax_loss and mse_loss values against the model answer, softmax also on scores near 1000."""
    scores, y, pred, target = _loss_points(ctx.rng())
    for fn, args in (("softmax_loss", (scores, y)), ("softmax_loss", (scores * 400, y)), ("mse_loss", (pred, target))):
        loss = as_tuple(ctx.student.call(fn, *args), 2, f"`{fn}`")[0]
        expect_close(loss, getattr(ctx.ref, fn)(*args)[0], f"the loss from `{fn}`" +
                     (" on scores in the hundreds" if np.max(np.abs(args[0])) > 100 else ""), mistakes=("wrong-loss",))


def check_grad_affine(ctx: Context) -> None:
    """A square layer first (a transposed gradient keeps its shape there, and its values name it), then a
    non-square one."""
    check_pair(ctx, AFFINE_SQUARE)
    check_pair(ctx, AFFINE)


def check_grad_activations(ctx: Context) -> None:
    check_pair(ctx, RELU)
    check_pair(ctx, SIGMOID)


def check_grad_losses(ctx: Context) -> None:
    """dx of softmax_loss and dpred of mse_loss against central differences of your own loss and the model
    answer."""
    scores, y, pred, target = _loss_points(ctx.rng())
    for fn, x, other in (("softmax_loss", scores, y), ("mse_loss", pred, target)):
        loss, dx = as_tuple(ctx.student.call(fn, x, other), 2, f"`{fn}`")
        got = {"dx": expect_shape(dx, x.shape, f"the gradient from `{fn}`")}
        low = is_low_precision(dx, loss)
        fd = {"dx": numeric(ctx, fn, (x, other), 1.0, 0, FD_STEP32 if low else STEP)}
        want = {"dx": getattr(ctx.ref, fn)(x, other)[1]}
        evidence = {"kind": "gradients", "fn": fn, "inputs": {"x": x, "y": other}, "got": got, "low_precision": low}
        expect_gradients(fn, got, fd, want, low, f"`{fn}`", evidence, wrong_own=("wrong-loss", "loss"))


# --------------------------------------------------------------------------- the network


def _net_data(rng: np.random.Generator, n: int = 12) -> tuple[np.ndarray, np.ndarray]:
    centres = rng.normal(0, 2.0, (SIZES[-1], SIZES[0]))
    y = np.arange(n) % SIZES[-1]
    return centres[y] + rng.normal(0, 0.8, (n, SIZES[0])), y


def _reference_net(ctx: Context, params: dict, activation: str):
    net = ctx.ref.TwoHiddenNet(*SIZES, np.random.default_rng(0), activation=activation)
    net.params = {k: np.array(v, dtype=float) for k, v in params.items()}
    return net


def check_net(ctx: Context) -> None:
    """TwoHiddenNet.loss(X, y): the loss and every gradient against the model answer at your own parameters,
    with sigmoid and relu activations."""
    X, y = _net_data(ctx.rng())
    for activation in ("sigmoid", "relu"):
        net = ctx.student.slot()
        params, out, scores = values(ctx, [
            Call("TwoHiddenNet", (*SIZES, Rng(3)), {"activation": activation}, ret=None, keep=net),
            Call("params", on=Ref(net), get=True), Call("loss", (X, y), on=Ref(net)),
            Call("loss", (X,), on=Ref(net))], drop=[net])[1:]
        params = _net_params(params, f"TwoHiddenNet(..., activation={activation!r}).params")
        loss, grads = as_tuple(out, 2, "`net.loss(X, y)`")
        ref_net = _reference_net(ctx, params, activation)
        ref_loss, ref_grads = ref_net.loss(X, y)
        _expect_scores(scores, ref_net.loss(X), activation)
        expect_close(loss, ref_loss, f"the loss from net.loss(X, y) ({activation})", mistakes=("wrong-loss",))
        got = _net_params(grads, f"the gradients from net.loss(X, y) ({activation})")
        low = is_low_precision(grads)
        comp = compare_grads(got, ref_grads, GRAD_TOL32 if low else GRAD_TOL64)
        if not comp.ok:
            raise Fail(explain_blocks("TwoHiddenNet.loss", comp, f"the model answer ({activation})"),
                       details=grad_details(got, ref_grads, comp), function="TwoHiddenNet.loss",
                       mistakes=name_gradient_mistake(comp))


def _expect_scores(scores, ref_scores: np.ndarray, activation: str) -> None:
    """net.loss(X) (no labels) gives the class scores: when they are wrong, the forward pass is what is wrong,
    not the loss (scores already put through softmax are softmax-ed twice by softmax_loss)."""
    what = f"the scores from net.loss(X) ({activation})"
    try:
        got = np.asarray(scores, dtype=float)
    except (TypeError, ValueError):
        raise Fail(f"{what} should be an array of shape {ref_scores.shape}, not {describe(scores)}",
                   mistakes=("shape-mismatch",)) from None
    if got.shape == ref_scores.shape and close(got, ref_scores, 1e-6 if got.dtype == np.float64 else 1e-3):
        return
    probs = np.exp(ref_scores - ref_scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    twice = got.shape == probs.shape and close(got, probs, 1e-6 if got.dtype == np.float64 else 1e-3)
    raise Fail(f"{what} differ from the model answer's" +
               ("; they are the softmax of the scores: softmax_loss applies softmax itself, so it is applied twice"
                if twice else ""), mistakes=("wrong-forward",), function="TwoHiddenNet.loss")


def _train(ctx: Context, X: np.ndarray, y: np.ndarray, steps: int, lr: float) -> tuple[list[float], dict, dict]:
    """Gradient descent on the student's own object: its gradients, the grader's steps written into
    ``net.params``. Returns the losses, the parameters it started from and those it ended at."""
    net, P = ctx.student.slot(), ctx.student.slot()
    start = values(ctx, [Call("TwoHiddenNet", (*SIZES, Rng(5)), ret=None, keep=net),
                         Call("params", on=Ref(net), get=True, keep=P)])[1]
    params = start = _net_params(start, "TwoHiddenNet(...).params")
    losses = []
    for _ in range(steps):
        loss, grads = as_tuple(values(ctx, [Call("loss", (X, y), on=Ref(net))])[0], 2, "`net.loss(X, y)`")
        grads = _net_params(grads, "the gradients from net.loss(X, y)")
        losses.append(as_float(loss, "the loss from net.loss(X, y)"))
        params = {k: params[k] - lr * grads[k] for k in params}
        values(ctx, [Call("__setitem__", (k, v), on=Ref(P), ret=None) for k, v in params.items()])
    return losses, start, params


def check_train(ctx: Context) -> None:
    """Five steps of gradient descent on your TwoHiddenNet (your gradients) follow the model answer's losses."""
    X, y = _net_data(ctx.rng())
    losses, start, _ = _train(ctx, X, y, 5, 0.5)
    ref = _reference_net(ctx, start, "sigmoid")
    want = []
    for _ in range(5):
        loss, grads = ref.loss(X, y)
        want.append(float(loss))
        ref.params = {k: ref.params[k] - 0.5 * grads[k] for k in ref.params}
    for i, (g, w) in enumerate(zip(losses, want)):
        if not np.isfinite(g) or abs(g - w) > 1e-6 * max(1.0, abs(w)):
            raise Fail(f"training your TwoHiddenNet with its own gradients (lr 0.5): the loss at step {i} is "
                       f"{g:.6g}, the model answer's {w:.6g}", expected=str(np.round(want, 6).tolist()),
                       got=str(np.round(losses, 6).tolist()), function="TwoHiddenNet.loss")


def _scores(params: dict, X: np.ndarray) -> np.ndarray:
    """The class scores of the sigmoid network at ``params`` (affine, sigmoid, affine, sigmoid, affine): the
    grader's own arithmetic, since the parameters are the student's and no published output could cover them."""
    h = X
    with np.errstate(all="ignore"):
        for k in (1, 2):
            h = logistic(h @ params[f"W{k}"] + params[f"b{k}"])
        return h @ params["W3"] + params["b3"]


def check_convergence(ctx: Context) -> None:
    """Your TwoHiddenNet, trained 300 steps with its own gradients, classifies 3 well-separated clusters
    (at least 90% of 60 points)."""
    X, y = _net_data(_rng("clusters"), 60)
    _, _, params = _train(ctx, X, y, 300, 0.5)
    scores = _scores(params, X)
    accuracy = float(np.mean(np.argmax(scores, axis=1) == y))
    if accuracy < 0.9:
        raise Fail(f"after 300 steps of gradient descent with your gradients the network classifies "
                   f"{accuracy:.0%} of the 60 training points; it must reach 90%", function="TwoHiddenNet.loss",
                   fraction=0.0)


CHECKS = [
    CheckSpec("api.functions", "api", "every layer function and TwoHiddenNet exist and run", 8, check_api),
    CheckSpec("shape.outputs", "shape", "(out, cache) pairs, gradients and the net have the contract's shapes", 6,
              check_shapes),
    CheckSpec("forward.layers", "forward", "affine, relu and sigmoid forward match the model answer", 8,
              check_forward_layers),
    CheckSpec("forward.losses", "forward", "softmax_loss and mse_loss values match the model answer", 6,
              check_forward_losses),
    CheckSpec("gradient.affine", "gradient", "affine_backward: finite differences and the model answer, inputs "
              "and cache left alone", 14, check_grad_affine, "affine_backward"),
    CheckSpec("gradient.activations", "gradient", "relu_backward and sigmoid_backward: finite differences and the "
              "model answer, inputs and cache left alone", 14, check_grad_activations),
    CheckSpec("gradient.losses", "gradient", "softmax_loss and mse_loss gradients: finite differences and the "
              "model answer", 10, check_grad_losses),
    CheckSpec("gradient.net", "gradient", "TwoHiddenNet.loss gradients match the model answer", 15, check_net,
              "TwoHiddenNet.loss"),
    CheckSpec("training.net", "training", "gradient descent with your gradients follows the model answer", 9,
              check_train, "TwoHiddenNet.loss"),
    CheckSpec("convergence.clusters", "convergence", "your network learns to classify three clusters", 10,
              check_convergence, "TwoHiddenNet.loss"),
]
