"""Checks for assignment 2, ``xor_mlp`` (contract: README.md in this folder).

A two-layer sigmoid network with a mean-squared-error loss. The gradient,
training and init checks are the shared ones of ``networks.py``; this module
supplies the inputs and the reference's gradient under each catalogued
mistake (``_mutant_grads``), which lets a failed gradient check name it.

Inputs follow docs/gradient-checking.md (test points): gradients are checked on
batches of 5 or 6 rows (never the 4 XOR points, where a missing 1/N and a
missing output derivative nearly coincide), with nonzero biases, moderate
pre-activations (|z| < 3.5, where sigma'(z) and sigma'(sigma(z)) differ
clearly), square layers (3-3-3, 2-2-1) so that a transposed gradient or
another layer's input keeps the right shape, and a non-square 3-4-2 layer
so that shapes tell transposes apart. Points add up to 100.

The model answer is read through the check's context only (``ctx.ref``: the module, or its published
outputs in a student's install), never imported here; helpers that need it take it as an argument.
"""
from __future__ import annotations

import zlib
from typing import Any

import numpy as np

from grader.sandbox.session import Call, Rng
from grader.checks.base import CheckSpec, Context, Fail
from grader.checks.common import (
    Probe, api_check, as_float, as_tuple, curves, diverged, expect_alive, expect_close, expect_finite, expect_shape,
    fmt, logistic, losses_list,
)
from grader.checks.networks import (
    InitCase, Net, Point, TrainCase, as_params, check_backward_numeric, check_backward_reference, check_init,
    check_repeatable, check_trajectory, check_unchanged, draw, expect_integers, grads_right, network_probes, probe,
    student_grads, train_probe, values, well_conditioned,
)

NAME = "xor_mlp"
FUNCTIONS = ("sigmoid", "sigmoid_derivative", "init_params", "forward", "mse_loss", "backward", "train", "predict")

X_XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y_XOR = np.array([[0.0], [1.0], [1.0], [0.0]])


def _sig(ref: Any, z: np.ndarray) -> np.ndarray:
    return ref.sigmoid(z)


# --------------------------------------------------------------------------- the reference under each mistake


def shape_mistakes(params: dict, key: str, shape: tuple) -> list[str]:
    """A weight gradient shaped like another layer's input times this layer's output."""
    n_in, n_hidden = np.shape(params["W1"])
    n_out = np.shape(params["W2"])[1]
    if (key == "W2" and shape == (n_in, n_out)) or (key == "W1" and shape == (n_hidden, n_hidden)):
        return ["wrong-layer-input"]
    return []


def net(ref: Any) -> Net:
    """The network's names and conventions, with the reference's functions (``ctx.ref``)."""
    return Net(ref_forward=ref.forward, ref_backward=ref.backward, ref_loss=ref.mse_loss, loss="mse_loss",
               target_name="Y", shape_mistakes=shape_mistakes)


# --------------------------------------------------------------------------- inputs


def _params(rng: np.random.Generator, n_in: int, n_hidden: int, n_out: int, scale: float = 1.3) -> dict:
    """Random weights of order 1 and nonzero biases: no zero-init symmetry to hide a mistake behind."""
    return {"W1": rng.normal(0, scale / np.sqrt(n_in), (n_in, n_hidden)), "b1": rng.normal(0, 0.5, n_hidden),
            "W2": rng.normal(0, scale / np.sqrt(n_hidden), (n_hidden, n_out)), "b2": rng.normal(0, 0.5, n_out)}


def _moderate(ref: Any, pt: Point) -> bool:
    """Pre-activations within 3.5 of 0 (sigmoid not saturated) and every gradient block measurable."""
    p, (X,) = pt.params, pt.inputs
    Z1 = X @ p["W1"] + p["b1"]
    Z2 = _sig(ref, Z1) @ p["W2"] + p["b2"]
    return bool(np.max(np.abs(Z1)) < 3.5 and np.max(np.abs(Z2)) < 3.5 and well_conditioned(net(ref), pt, 1e-3))


def _random_point(rng: np.random.Generator, n: int, sizes: tuple[int, int, int]) -> Point:
    X = rng.normal(0, 1, (n, sizes[0]))
    return Point(_params(rng, *sizes), (X,), rng.uniform(0.05, 0.95, (n, sizes[2])))


def _xor_point(rng: np.random.Generator) -> Point:
    """Six jittered XOR points (the four corners and two repeats) for a 2-2-1 network."""
    rows = np.concatenate([np.arange(4), rng.integers(0, 4, 2)])
    X = X_XOR[rows] + rng.normal(0, 0.1, (6, 2))
    return Point(_params(rng, 2, 2, 1, scale=2.0), (X,), Y_XOR[rows])


def point(ctx: Context, name: str) -> Point:
    """A named test point, drawn once per grader process from a generator seeded by its name."""
    makers = {
        "square": lambda r: _random_point(r, 6, (3, 3, 3)),
        "square2": lambda r: _random_point(r, 5, (3, 3, 3)),
        "wide": lambda r: _random_point(r, 5, (3, 4, 2)),
        "xor": _xor_point,
    }
    ref = ctx.ref
    return ctx.memo(f"point/{name}", lambda: draw(makers[name], lambda pt: _moderate(ref, pt),
                                                   np.random.default_rng(_seed(name))))


def _seed(name: str) -> int:
    return zlib.crc32(f"xor_mlp/{name}".encode())


# --------------------------------------------------------------------------- evidence that the code computes


def probes(ctx: Context) -> list[Probe]:
    """Every function but init_params at two inputs: a 3-4-2 network, batches of 5 with different X and Y
    (see ``common.Probe``; init_params has a check of its own)."""
    ref = ctx.ref

    def make() -> list[Probe]:
        rng = np.random.default_rng(_seed("probes"))
        p = _params(rng, 3, 4, 2)
        while not np.all((p["W2"].min(axis=0) < -0.5) & (p["W2"].max(axis=0) > 0.5)):
            p = _params(rng, 3, 4, 2)  # weights of both signs into every output: it crosses 0.5 with or without b2
        Xs = [rng.normal(0, 1.5, (5, 3)) for _ in range(2)]
        p = _straddling(ref, p, np.vstack(Xs))
        a, b = (Point(p, (X,), rng.uniform(0.05, 0.95, (5, 2))) for X in Xs)
        Z = (rng.normal(0, 3, (4, 5)), rng.normal(0, 3, (4, 5)))
        Y_hat = (ref.forward(p, a.inputs[0])[0], ref.forward(p, b.inputs[0])[0])
        wide = (rng.normal(0, 3, (30, 3)), rng.normal(0, 3, (30, 3)))
        return [
            probe("sigmoid", ((Z[0],), (Z[1],)), (ref.sigmoid(Z[0]), ref.sigmoid(Z[1]))),
            probe("sigmoid_derivative", ((Z[0],), (Z[1],)),
                  (ref.sigmoid_derivative(Z[0]), ref.sigmoid_derivative(Z[1]))),
            *network_probes(net(ref), a, b),
            probe("mse_loss", ((Y_hat[0], a.target), (Y_hat[1], b.target)),
                  (ref.mse_loss(Y_hat[0], a.target), ref.mse_loss(Y_hat[1], b.target))),
            train_probe(net(ref), ((p, a.inputs[0], a.target, 0.5, 2), (p, b.inputs[0], b.target, 0.5, 2)),
                        ref.train),
            # 0/1 outputs are coarse: 30 widely spread rows each, so that any predict that looks at X varies
            probe("predict", ((p, wide[0]), (p, wide[1])), (ref.predict(p, wide[0]), ref.predict(p, wide[1]))),
        ]
    return ctx.memo("probes", make)


# --------------------------------------------------------------------------- api, shape


def check_api(ctx: Context) -> None:
    """Every function exists and runs past NotImplementedError (backward gets a cache of None, so that it is
    called even when forward is missing: any other exception means its body exists)."""
    pt = point(ctx, "wide")
    p, (X,), Y = pt.params, pt.inputs, pt.target
    api_check(ctx, {
        "sigmoid": (X,), "sigmoid_derivative": (X,), "init_params": (3, 4, 2, Rng(0)), "forward": (p, X),
        "mse_loss": (Y, Y), "backward": (p, None, Y), "train": (p, X, Y, 0.1, 1), "predict": (p, X),
    }, probes)


def check_shapes(ctx: Context) -> None:
    """Every output and gradient has the contract's shape, on a non-square 3-4-2 network (a transposed
    weight gradient is a shape error there)."""
    pt = point(ctx, "wide")
    p, (X,), Y = pt.params, pt.inputs, pt.target
    n, n_out = Y.shape
    s = ctx.student
    Z = ctx.rng().normal(0, 2, (3, 4))
    expect_shape(s.call("sigmoid", Z), Z.shape, "sigmoid(z) for z of shape (3, 4)")
    expect_shape(s.call("sigmoid_derivative", Z), Z.shape, "sigmoid_derivative(z) for z of shape (3, 4)")
    out = as_tuple(s.call("forward", p, X), 2, "`forward`")
    expect_shape(out[0], (n, n_out), "Y_hat from forward (a 3-4-2 network, batch of 5)")
    as_float(s.call("mse_loss", ctx.ref.forward(p, X)[0], Y), "mse_loss(Y_hat, Y)")
    student_grads(ctx, net(ctx.ref), pt)
    params, losses = as_tuple(s.call("train", p, X, Y, 0.1, 2), 2, "`train`")
    as_params(params, p, "the parameters returned by `train`")
    losses_list(losses, 2, "the losses from `train`")
    expect_integers(s.call("predict", p, X), (n, n_out), "predict(params, X)")
    init = as_params(s.call("init_params", 3, 4, 2, Rng(0)), p, "the dict from init_params(3, 4, 2, rng)")
    expect_finite(init, "the dict from init_params(3, 4, 2, rng)")
    expect_alive(ctx, probes, points_for="the shape points")


def check_no_mutation(ctx: Context) -> None:
    """No function changes the arrays or dicts it is given (backward: its params and targets; its cache: see
    shape.repeatable)."""
    pt = point(ctx, "wide")
    p, (X,), Y = pt.params, pt.inputs, pt.target
    Y_hat = ctx.ref.forward(p, X)[0]
    check_unchanged(ctx, [
        ("sigmoid", (X.copy(),), "z"), ("sigmoid_derivative", (X.copy(),), "z"),
        ("forward", (p, X), "params or X"), ("mse_loss", (Y_hat, Y), "Y_hat or Y"),
        ("train", (p, X, Y, 0.5, 3), "params, X or Y"), ("predict", (p, X), "params or X"),
    ], net(ctx.ref), pt)
    expect_alive(ctx, probes, points_for="the no-mutation points")


# --------------------------------------------------------------------------- forward


def check_sigmoid(ctx: Context) -> None:
    """Values on a 2-D array, then at +-50 and +-1000 where a naive formula overflows."""
    z = ctx.rng().normal(0, 3, (4, 5))
    expect_close(ctx.student.call("sigmoid", z), ctx.ref.sigmoid(z), "sigmoid(z)", mistakes=("wrong-forward",))
    big = np.array([-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0])
    got = ctx.student.call("sigmoid", big)
    try:
        expect_close(got, ctx.ref.sigmoid(big), "sigmoid at z = -1000, -50, -1, 0, 1, 50, 1000")
    except Fail as fail:
        fail.message += ("; for large |z| never compute exp of a large positive number (e.g. use exp(-|z|), "
                         "or np.where on the sign of z)")
        raise


def check_sigmoid_derivative(ctx: Context) -> None:
    """Values against sigma(z)(1 - sigma(z)); a wrong formula is named by what it equals."""
    z = ctx.rng().normal(0, 3, (4, 5))
    got = ctx.student.call("sigmoid_derivative", z)
    ref = ctx.ref
    want = ref.sigmoid_derivative(z)
    try:
        expect_close(got, want, "sigmoid_derivative(z)")
    except Fail as fail:
        if "shape-mismatch" in fail.mistakes:
            raise
        arr = np.asarray(got, dtype=float) if isinstance(got, np.ndarray) else None
        if arr is not None and arr.shape == z.shape and np.allclose(arr, z * (1 - z), rtol=1e-4):
            fail.mistakes = ["derivative-formula-on-preactivation"]
            fail.message += ("; it equals z * (1 - z): that formula holds for the activation a = sigmoid(z), "
                             "but this function receives z")
        elif arr is not None and arr.shape == z.shape and np.allclose(
                arr, logistic(logistic(z)) * (1 - logistic(logistic(z))), rtol=1e-4):
            fail.mistakes = ["activation-derivative-at-output"]
            fail.message += "; it equals sigma(sigma(z)) (1 - sigma(sigma(z))): the sigmoid is applied twice"
        else:
            fail.mistakes = ["wrong-activation-derivative"]
        raise
    big = np.array([-50.0, -20.0, 0.0, 20.0, 50.0])  # the contract asks +-1000 of sigmoid only
    expect_close(ctx.student.call("sigmoid_derivative", big), ref.sigmoid_derivative(big),
                 "sigmoid_derivative at z = -50, -20, 0, 20, 50")


def check_forward(ctx: Context) -> None:
    """Y_hat on a 3-4-2 batch of 5, a batch of one, and the four XOR points on a 2-4-1 network."""
    pt = point(ctx, "wide")
    rng = ctx.rng()
    xor_params = _params(rng, 2, 4, 1)
    for p, X, what in ((pt.params, pt.inputs[0], "a 3-4-2 network, batch of 5"),
                       (pt.params, pt.inputs[0][:1], "a batch of one"),
                       (xor_params, X_XOR, "a 2-4-1 network on the four XOR points")):
        out = as_tuple(ctx.student.call("forward", p, X), 2, "`forward`")
        expect_close(out[0], ctx.ref.forward(p, X)[0], f"Y_hat from forward ({what})",
                     mistakes=("wrong-forward",))


def check_loss(ctx: Context) -> None:
    """Two outputs per sample, so a mean over the batch only (not N * n_out) shows."""
    rng = ctx.rng()
    Y_hat, Y = rng.uniform(0, 1, (5, 2)), rng.uniform(0, 1, (5, 2))
    expect_close(ctx.student.call("mse_loss", Y_hat, Y), ctx.ref.mse_loss(Y_hat, Y), "mse_loss(Y_hat, Y)",
                 mistakes=("wrong-loss",))


def _straddling(ref: Any, params: dict, X: np.ndarray) -> dict:
    """``params`` with b2 moved so that each output is above 0.5 for half the rows of ``X`` and below for the
    other half: a predict that ignores its input (a constant row) cannot match."""
    Z2 = _sig(ref, X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]
    return dict(params, b2=params["b2"] - np.median(Z2, axis=0))


def check_predict(ctx: Context) -> None:
    """0/1 predictions against the reference, on inputs where no output is within 1e-3 of the threshold and
    every output is 1 for about half the rows and 0 for the others."""
    X = ctx.rng().normal(0, 1.5, (40, 3))
    ref = ctx.ref
    p = _straddling(ref, point(ctx, "wide").params, X)
    Y_hat = ref.forward(p, X)[0]
    X = X[np.all(np.abs(Y_hat - 0.5) > 1e-3, axis=1)]  # no output within rounding of the threshold
    want = ref.predict(p, X)
    got = expect_integers(ctx.student.call("predict", p, X), want.shape, "predict(params, X)")
    if not np.array_equal(got, want):
        bad = int(np.sum(got != want))
        raise Fail(f"predict(params, X) differs from the reference in {bad} of {want.size} entries "
                   "(1 where Y_hat >= 0.5, else 0)", expected=fmt(want), got=fmt(got), mistakes=["wrong-forward"])


# --------------------------------------------------------------------------- gradient


def check_grad_numeric(ctx: Context) -> None:
    """backward against central differences of your own forward and mse_loss (a 3-3-3 network, 6 rows)."""
    check_backward_numeric(ctx, net(ctx.ref), point(ctx, "square"))
    expect_alive(ctx, probes, ("forward", "mse_loss", "backward"), partial=False,
                 points_for="the points for agreeing with finite differences of your own loss")


def check_grad_reference(ctx: Context) -> None:
    """backward against the reference: jittered XOR (2-2-1, 6 rows), 3-3-3 (5 rows), 3-4-2 (5 rows)."""
    check_backward_reference(ctx, net(ctx.ref), [point(ctx, "xor"), point(ctx, "square2"), point(ctx, "wide")])


def check_grad_repeatable(ctx: Context) -> None:
    """Two identical forward/backward calls agree, and backward does not modify its cache."""
    check_repeatable(ctx, net(ctx.ref), point(ctx, "wide"))
    expect_alive(ctx, probes, ("forward", "backward"), partial=False,
                 points_for="the points for giving the same result twice")


# --------------------------------------------------------------------------- training


def _train_case(ref: Any, start: dict, X: np.ndarray, Y: np.ndarray, lr: float, epochs: int,
                title: str) -> TrainCase:
    return TrainCase(start, (X, Y, lr, epochs), ("X", "Y", "lr", "epochs"), epochs,
                     ref.train(start, X, Y, lr, epochs), Point(start, (X,), Y), title)


def train_cases(ctx: Context) -> list[TrainCase]:
    ref = ctx.ref

    def make() -> list[TrainCase]:
        rng = np.random.default_rng(_seed("train"))
        sq = point(ctx, "square")
        return [_train_case(ref, _params(rng, 2, 3, 1), X_XOR, Y_XOR, 2.0, 6, "on the four XOR points, 2-3-1"),
                _train_case(ref, sq.params, sq.inputs[0], sq.target, 0.5, 4, "3-3-3 network, 6 rows")]
    return ctx.memo("train_cases", make)


def check_train(ctx: Context) -> None:
    """train from the grader's parameters follows the reference: XOR (2-3-1, lr 2) and 3-3-3 (lr 0.5)."""
    check_trajectory(ctx, net(ctx.ref), train_cases(ctx))


def _saturation(ref: Any, samples: list[dict], case: InitCase) -> tuple[float, str]:
    """The fraction of pre-activations beyond |z| = 4 (sigmoid' < 0.018) on every binary input."""
    X = _corners(case.shapes["W1"][0])
    zs = []
    for p in samples:
        Z1 = X @ p["W1"] + p["b1"]
        zs += [Z1.ravel(), (logistic(Z1) @ p["W2"] + p["b2"]).ravel()]
    z = np.abs(np.concatenate(zs))
    frac = float(np.mean(z > 4))
    return frac, (f"{frac:.0%} of the pre-activations on 0/1 inputs are beyond |z| = 4, where the sigmoid's "
                  f"slope is below 0.02 (largest |z| {float(np.max(z)):.3g})")


def _corners(n_in: int) -> np.ndarray:
    """Every 0/1 input of ``n_in`` features (the four XOR points for two)."""
    return np.array(np.meshgrid(*[[0.0, 1.0]] * n_in, indexing="ij")).reshape(n_in, -1).T


INIT_CASES = [
    InitCase(lambda r: (2, 8, 1, r), {"W1": (2, 8), "b1": (8,), "W2": (8, 1), "b2": (1,)}, [("W1", "b1", "W2")],
             "(2, 8, 1, rng)", _corners(2)),
    InitCase(lambda r: (3, 5, 2, r), {"W1": (3, 5), "b1": (5,), "W2": (5, 2), "b2": (2,)}, [("W1", "b1", "W2")],
             "(3, 5, 2, rng)", _corners(3)),
]


def check_init_params(ctx: Context) -> None:
    """init_params: contract shapes, seeded by rng only, no two hidden units alike, no saturated units."""
    ref = ctx.ref
    check_init(ctx, net(ref), INIT_CASES, lambda samples, case: _saturation(ref, samples, case))


# --------------------------------------------------------------------------- convergence

LR, EPOCHS = 5.0, 500  # every correct style solves these starts in 250; 500 leaves a margin (bench/sizing.py)
_HIDDEN = (3, 4, 4, 6)


def _starts(ref: Any) -> list[dict]:
    """Four starting points (2-h-1) from which the reference fits XOR to within 0.2 in half the epochs."""
    rng = np.random.default_rng(_seed("convergence"))
    out = []
    for h in _HIDDEN:
        while True:
            p = ref.init_params(2, h, 1, rng)
            trained, _ = ref.train(p, X_XOR, Y_XOR, LR, EPOCHS // 2)
            if np.max(np.abs(ref.forward(trained, X_XOR)[0] - Y_XOR)) < 0.2:
                out.append(p)
                break
    return out


def check_convergence(ctx: Context) -> None:
    """train solves XOR (all four points on the right side of 0.5) from each of four starting points."""
    ref = ctx.ref
    starts = ctx.memo("starts", lambda: _starts(ref))
    # the reference's own runs, for the picture of a failed one: asked on every run (not only on a failure) so
    # that they are among the published outputs a student's install replays
    runs = ctx.memo("start-runs", lambda: [ref.train(p, X_XOR, Y_XOR, LR, EPOCHS)[1] for p in starts])
    results = values(ctx, [Call("train", (p, X_XOR, Y_XOR, LR, EPOCHS)) for p in starts])
    solved, first_bad = 0, None
    for start, raw in zip(starts, results):
        params_raw, losses_raw = as_tuple(raw, 2, "`train`")
        losses = losses_list(losses_raw, EPOCHS, "the losses from `train`")
        params = as_params(params_raw, start, "the parameters returned by `train`")
        with np.errstate(all="ignore"):
            Y_hat = ctx.on_task("forward", params, X_XOR)[0]
        ok = bool(np.all(np.isfinite(Y_hat)) and np.array_equal(Y_hat >= 0.5, Y_XOR >= 0.5))
        solved += ok
        if not ok and first_bad is None:
            first_bad = (start, losses, Y_hat)
    if first_bad is None:
        return
    start, losses, Y_hat = first_bad
    rlosses = np.asarray(runs[next(i for i, s in enumerate(starts) if s is start)])
    n = len(starts)
    text = (f"train (lr={LR:g}, {EPOCHS} epochs, from the grader's starting points) solved XOR from {solved} of "
            f"{n} starting points; the reference solves all {n}. Outputs on (0,0), (0,1), (1,0), (1,1) for the first "
            f"one it missed: {np.round(np.asarray(Y_hat, float).ravel(), 3).tolist()}, final loss {losses[-1]:.4g} "
            f"(reference {rlosses[-1]:.2g})")
    mistakes = []
    if grads_right(ctx, net(ref), point(ctx, "wide")):  # a run a training mutant explains: the pipeline drops these
        if diverged(losses):
            mistakes, text = ["learning-rate-too-high"], text + "; the loss grows during training"
        elif losses[-1] < losses[0]:
            mistakes, text = ["not-converged"], text + "; the loss falls, but far too slowly"
    raise Fail(text, fraction=solved / n, mistakes=mistakes, function="train",
               details=curves("train on XOR from the first starting point it did not solve", losses, rlosses),
               evidence={"kind": "convergence", "fn": "train",
                         "inputs": {"params": start, "X": X_XOR, "Y": Y_XOR, "lr": LR, "epochs": EPOCHS},
                         "got": {"losses": losses}})


CHECKS = [
    CheckSpec("api.functions", "api", "every function is defined and implemented", 8, check_api),
    CheckSpec("shape.outputs", "shape", "outputs and gradients have the contract's shapes", 6, check_shapes),
    CheckSpec("shape.no_mutation", "shape", "no function modifies its arguments", 4, check_no_mutation),
    CheckSpec("shape.repeatable", "shape", "backward gives the same result twice and leaves its cache alone",
              5, check_grad_repeatable, "backward"),
    CheckSpec("forward.sigmoid", "forward", "sigmoid matches the reference, also at z = +-1000", 4,
              check_sigmoid, "sigmoid"),
    CheckSpec("forward.sigmoid_derivative", "forward", "sigmoid_derivative matches the exact derivative", 3,
              check_sigmoid_derivative, "sigmoid_derivative"),
    CheckSpec("forward.forward", "forward", "forward matches the reference (a batch of one too)", 5,
              check_forward, "forward"),
    CheckSpec("forward.mse_loss", "forward", "mse_loss matches the reference", 3, check_loss, "mse_loss"),
    CheckSpec("forward.predict", "forward", "predict matches the reference", 2, check_predict, "predict"),
    CheckSpec("gradient.numerical", "gradient", "backward matches finite differences of your forward and mse_loss",
              10, check_grad_numeric, "backward"),
    CheckSpec("gradient.reference", "gradient", "backward matches the reference", 15, check_grad_reference,
              "backward", public=False),
    CheckSpec("training.init_params", "training", "init_params: seeded, symmetry broken, not saturated", 7,
              check_init_params, "init_params"),
    CheckSpec("training.train", "training", "train follows the reference trajectory", 13, check_train, "train"),
    CheckSpec("convergence.xor", "convergence", "train solves XOR from four starting points", 15,
              check_convergence, "train"),
]
