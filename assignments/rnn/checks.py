"""Checks for assignment 4, ``rnn`` (contract: README.md in this folder): backpropagation through time.

The gradient, training and init checks are the shared ones of ``networks.py``.
Test points follow docs/gradient-checking.md: T = 5 > 1 steps (T = 1
hides a missing recurrent gradient), a batch of 5 (not 1, not 4, not T),
non-zero biases and h0, a random asymmetric ``Whh`` (a symmetric one hides
``dz @ Whh`` written for ``dz @ Whh.T``), and moderate pre-activations, so
that tanh'(z) and tanh'(tanh(z)) differ clearly. ``Whh`` is square, so a
transposed or time-shifted gradient has the right shape: the block-by-block
comparison, not the shape, catches it. Points add up to 100.

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
    GRAD_TOL64, Probe, aligned, api_check, as_float, as_param_dict, as_tuple, curves, expect_alive, expect_close,
    expect_finite, expect_shape, expect_unchanged, losses_list, rel_error,
)
from grader.checks.networks import (
    InitCase, Net, Point, TrainCase, as_grads, as_params, check_backward_numeric, check_backward_reference,
    check_init, check_repeatable, check_trajectory, check_unchanged, draw, network_probes, probe, student_grads,
    train_probe, values, well_conditioned,
)

NAME = "rnn"
FUNCTIONS = ("init_params", "rnn_forward", "rnn_loss", "rnn_backward", "clip_gradients", "train")
KEYS = ("Wxh", "Whh", "bh", "Why", "by")


def _where(pt: Point) -> str:
    X, _ = pt.inputs
    n, t, d = X.shape
    return f" (D={d}, H={pt.params['Whh'].shape[0]}, K={pt.params['Why'].shape[1]}, T={t}, batch of {n})"


def net(ref: Any) -> Net:
    """The network's names and conventions, with the reference's functions (``ctx.ref``)."""
    return Net(ref_forward=ref.rnn_forward, ref_backward=ref.rnn_backward, ref_loss=ref.rnn_loss,
               forward="rnn_forward", backward="rnn_backward", loss="rnn_loss", input_names=("X", "h0"),
               target_name="Y", describe=_where)


# --------------------------------------------------------------------------- test points


def _params(rng: np.random.Generator, d: int, h: int, k: int) -> dict:
    return {"Wxh": rng.normal(size=(d, h)) / np.sqrt(d), "Whh": 0.9 * rng.normal(size=(h, h)) / np.sqrt(h),
            "bh": 0.3 * rng.normal(size=h), "Why": rng.normal(size=(h, k)) / np.sqrt(h),
            "by": 0.3 * rng.normal(size=k)}


def _point(rng: np.random.Generator, n: int = 5, t: int = 5, d: int = 3, h: int = 4, k: int = 3) -> Point:
    params = _params(rng, d, h, k)
    X = rng.normal(size=(n, t, d))
    h0 = 0.5 * rng.normal(size=(n, h))
    return Point(params, (X, h0), rng.integers(0, k, size=(n, t)))


def _moderate(ref: Any, pt: Point) -> bool:
    """Hidden pre-activations unsaturated, Whh clearly asymmetric, every gradient block sizeable."""
    p, (X, h0) = pt.params, pt.inputs
    h, zs = h0, []
    for t in range(X.shape[1]):
        z = X[:, t] @ p["Wxh"] + h @ p["Whh"] + p["bh"]
        zs.append(z)
        h = np.tanh(z)
    z = np.abs(np.concatenate(zs))
    asym = np.linalg.norm(p["Whh"] - p["Whh"].T) / np.linalg.norm(p["Whh"])
    return float(np.max(z)) < 2.5 and float(np.mean(z)) > 0.3 and asym > 0.5 and well_conditioned(net(ref), pt)


def point(ctx: Context, name: str, **sizes: int) -> Point:
    """A named test point, drawn once per grader process from a seed of its own."""
    seed = zlib.crc32(f"rnn/{name}/{sorted(sizes.items())}".encode())
    ref = ctx.ref
    return ctx.memo(f"point/{name}/{sorted(sizes.items())}",
                    lambda: draw(lambda r: _point(r, **sizes), lambda pt: _moderate(ref, pt),
                                 np.random.default_rng(seed)))


# --------------------------------------------------------------------------- evidence that the code computes


def probes(ctx: Context) -> list[Probe]:
    """Every function but init_params at two inputs: D=3, H=4, K=3, T=5, batches of 5 with different X, h0
    and Y (see ``common.Probe``; init_params has a check of its own)."""
    ref = ctx.ref

    def make() -> list[Probe]:
        a = point(ctx, "probe-a")
        b = _point(np.random.default_rng(zlib.crc32(b"rnn/probe-b")))
        b.params = p = a.params
        P = tuple(ref.rnn_forward(p, *pt.inputs)[0] for pt in (a, b))
        grads = tuple(net(ref).ref_grads(pt) for pt in (a, b))
        max_norm = 0.5 * min(float(np.sqrt(sum(np.sum(v ** 2) for v in g.values()))) for g in grads)  # it binds
        return [
            *network_probes(net(ref), a, b),
            probe("rnn_loss", ((P[0], a.target), (P[1], b.target)), (ref.rnn_loss(P[0], a.target),
                                                                     ref.rnn_loss(P[1], b.target))),
            probe("clip_gradients", ((grads[0], max_norm), (grads[1], max_norm)),
                  (ref.clip_gradients(grads[0], max_norm), ref.clip_gradients(grads[1], max_norm))),
            train_probe(net(ref), tuple((p, pt.inputs[0], pt.target, pt.inputs[1], 0.3, 2) for pt in (a, b)),
                        ref.train),
        ]
    return ctx.memo("probes", make)


# --------------------------------------------------------------------------- api, shape


def check_api(ctx: Context) -> None:
    pt = point(ctx, "small")
    X, h0 = pt.inputs
    grads = {k: np.ones_like(v) for k, v in pt.params.items()}
    P, cache = ctx.ref.rnn_forward(pt.params, X, h0)
    api_check(ctx, {  # rnn_backward gets the reference's cache: a stub raises NotImplementedError whatever it gets
        "init_params": (3, 4, 3, Rng(0)), "rnn_forward": (pt.params, X, h0), "rnn_loss": (P, pt.target),
        "rnn_backward": (pt.params, cache, pt.target),
        "clip_gradients": (grads, 1.0), "train": (pt.params, X, pt.target, h0, 0.1, 1),
    }, probes)


def check_shapes(ctx: Context) -> None:
    pt = point(ctx, "small")
    X, h0 = pt.inputs
    n, t, _ = X.shape
    k = pt.params["Why"].shape[1]
    s = ctx.student
    params = as_param_dict(s.call("init_params", 3, 4, 3, Rng(0)), list(KEYS), "the dict from init_params")
    for key, shape in {"Wxh": (3, 4), "Whh": (4, 4), "bh": (4,), "Why": (4, 3), "by": (3,)}.items():
        expect_shape(params[key], shape, f"{key} from init_params(3, 4, 3, rng)")
    out = as_tuple(s.call("rnn_forward", pt.params, X, h0), 2, "rnn_forward")
    expect_shape(out[0], (n, t, k), "P from rnn_forward")
    as_float(s.call("rnn_loss", ctx.ref.rnn_forward(pt.params, X, h0)[0], pt.target), "rnn_loss(P, Y)")
    grads, _, _ = student_grads(ctx, net(ctx.ref), pt)  # keys and shapes of every gradient
    clipped = s.call("clip_gradients", {kk: np.asarray(v) for kk, v in grads.items()}, 0.1)
    as_grads(clipped, pt.params, n, "the dict from clip_gradients")
    new, losses = as_tuple(s.call("train", pt.params, X, pt.target, h0, 0.05, 2), 2, "train")
    as_param_dict(new, list(KEYS), "the parameters from train")
    losses_list(losses, 2, "the losses from train")
    expect_finite(params, "the dict from init_params(3, 4, 3, rng)")
    expect_alive(ctx, probes, points_for="the shape points")


def check_no_mutation(ctx: Context) -> None:
    pt = point(ctx, "small")
    X, h0 = pt.inputs
    ref = ctx.ref
    P = ref.rnn_forward(pt.params, X, h0)[0]
    grads = ref.rnn_backward(pt.params, ref.rnn_forward(pt.params, X, h0)[1], pt.target)
    check_unchanged(ctx, [
        ("rnn_forward", (pt.params, X, h0), "params, X or h0"),
        ("rnn_loss", (P, pt.target), "P or Y"),
        ("clip_gradients", (grads, 1e-3), "grads (it must return a new dict)"),
        ("train", (pt.params, X, pt.target, h0, 0.05, 2), "params, X, Y or h0"),
    ], net(ref), pt)
    expect_alive(ctx, probes, points_for="the no-mutation points")


def check_repeatable_(ctx: Context) -> None:
    check_repeatable(ctx, net(ctx.ref), point(ctx, "small"))
    expect_alive(ctx, probes, ("rnn_forward", "rnn_backward"), partial=False,
                 points_for="the points for giving the same result twice")


# --------------------------------------------------------------------------- forward


def check_forward(ctx: Context) -> None:
    """Sequences of length 1 and 5, batches of 1 and 6, non-zero h0."""
    for name, sizes in (("fwd-long", {"n": 6, "t": 5}), ("fwd-one-step", {"n": 6, "t": 1}),
                        ("fwd-one-sample", {"n": 1, "t": 4})):
        pt = point(ctx, name, **sizes)
        X, h0 = pt.inputs
        got = ctx.student.call("rnn_forward", pt.params, X, h0, ret=(0,))
        expect_close(got, ctx.ref.rnn_forward(pt.params, X, h0)[0],
                     f"P from rnn_forward (T={sizes['t']}, batch of {sizes['n']})", mistakes=("wrong-forward",))


def check_large_logits(ctx: Context) -> None:
    """Output weights x 1000: logits in the hundreds; softmax must stay finite."""
    pt = point(ctx, "small")
    X, h0 = pt.inputs
    params = dict(pt.params, Why=pt.params["Why"] * 1000.0, by=pt.params["by"] * 1000.0)
    got = ctx.student.call("rnn_forward", params, X, h0, ret=(0,))
    want = ctx.ref.rnn_forward(params, X, h0)[0]
    arr = np.asarray(got, dtype=float) if isinstance(got, np.ndarray) else None
    if arr is not None and arr.shape == want.shape and not np.all(np.isfinite(arr)):
        raise Fail("rnn_forward gives NaN or inf when the logits are large (hundreds): exp overflows; subtract "
                   "each row's maximum logit before exponentiating", mistakes=["unstable-softmax"],
                   function="rnn_forward")
    expect_close(got, want, "P from rnn_forward with large logits", mistakes=("wrong-forward",))


def check_loss(ctx: Context) -> None:
    pt, ref = point(ctx, "small"), ctx.ref
    P = ref.rnn_forward(pt.params, *pt.inputs)[0]
    expect_close(ctx.student.call("rnn_loss", P, pt.target), ref.rnn_loss(P, pt.target), "rnn_loss",
                 mistakes=("wrong-loss",))


# --------------------------------------------------------------------------- gradient


def check_grad_numeric(ctx: Context) -> None:
    check_backward_numeric(ctx, net(ctx.ref), point(ctx, "grad"))
    expect_alive(ctx, probes, ("rnn_forward", "rnn_loss", "rnn_backward"), partial=False,
                 points_for="the points for agreeing with finite differences of your own loss")


def _steps_back(ctx: Context, pt: Point) -> tuple[list[float], int | None]:
    """The error of the student's gradient on the last 1, 2, ... T steps of the sequence.

    On one step there is no recurrence; an error that appears only from two
    steps on lives in the recurrent path (dh_next, Whh.T, h_{t-1}).
    """
    X, h0 = pt.inputs
    rnet = net(ctx.ref)
    errors = []
    for t in range(1, X.shape[1] + 1):
        sub = Point(pt.params, (X[:, :t], h0), pt.target[:, :t])
        try:
            got, low, _ = student_grads(ctx, rnet, sub)
        except Fail:
            errors.append(1.0)
            continue
        want = rnet.ref_grads(sub)
        errors.append(max(rel_error(got[k], want[k]) for k in want))
    tol = GRAD_TOL64
    first = next((i for i, e in enumerate(errors) if e > tol), None)
    return errors, first


def check_grad_reference(ctx: Context) -> None:
    """All five gradients against the reference; on failure, from which sequence length the error starts."""
    pt = point(ctx, "grad")
    try:
        check_backward_reference(ctx, net(ctx.ref), [pt, point(ctx, "grad-2", n=6, t=6, d=2, h=5, k=4)])
    except Fail as fail:
        errors, first = _steps_back(ctx, pt)
        fail.details.setdefault("bars", []).append({
            "title": "largest relative error of any gradient, by number of time steps",
            "labels": [f"T={t}" for t in range(1, len(errors) + 1)], "values": errors})
        if first == 0:
            fail.message += "; it is wrong even on one time step (no recurrence): look at the output layer or tanh'"
        elif first is not None:
            fail.message += (f"; it is right on sequences of {first} step{'s' if first > 1 else ''} and wrong from "
                             f"{first + 1} on: the error is in the recurrent path (dh_next, Whh.T, h_(t-1))")
        raise


def check_clip(ctx: Context) -> None:
    """clip_gradients scales by min(1, max_norm / global norm), over all gradients together."""
    rng = ctx.rng()
    grads = {k: rng.normal(size=s) for k, s in (("Wxh", (3, 4)), ("Whh", (4, 4)), ("bh", (4,)),
                                                 ("Why", (4, 3)), ("by", (3,)))}
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
    for max_norm in (norm / 3.0, norm * 2.0):
        returned = ctx.student.call_full("clip_gradients", grads, max_norm)
        expect_unchanged(returned, "clip_gradients", "grads")
        got = as_param_dict(returned.value, list(KEYS), "the dict from clip_gradients")
        want = ctx.ref.clip_gradients(grads, max_norm)
        for k in KEYS:
            expect_close(got[k], want[k], f"clip_gradients(grads, {'a third of' if max_norm < norm else 'twice'} "
                         f"their global norm)[{k!r}]")


# --------------------------------------------------------------------------- training


def train_cases(ctx: Context) -> list[TrainCase]:
    ref = ctx.ref

    def make() -> list[TrainCase]:
        cases = []
        for name, lr, max_norm in (("train-a", 0.5, 5.0), ("train-b", 0.3, 0.2)):  # b: clipping binds
            pt = point(ctx, name)
            X, h0 = pt.inputs
            args = (X, pt.target, h0, lr, 5, max_norm)
            cases.append(TrainCase(pt.params, args, ("X", "Y", "h0", "lr", "epochs", "max_norm"), 5,
                                   ref.train(pt.params, *args),
                                   grads_at=pt, title="clipping active" if max_norm < 1 else ""))
        return cases
    return ctx.memo("train_cases", make)


def check_train(ctx: Context) -> None:
    check_trajectory(ctx, net(ctx.ref), train_cases(ctx))


def _saturation(samples: list[dict], case: InitCase) -> tuple[float, str]:
    """The fraction of first-step hidden pre-activations beyond |z| = 3 (tanh' < 0.01) on unit-scale inputs."""
    X = case.inputs
    z = np.abs(np.concatenate([(X @ p["Wxh"] + p["bh"]).ravel() for p in samples]))
    frac = float(np.mean(z > 3))
    return frac, (f"{frac:.0%} of the hidden pre-activations on unit-scale inputs are beyond |z| = 3, where "
                  f"tanh' is below 0.01 (largest |z| {float(np.max(z)):.3g})")


INIT_CASES = [
    InitCase(lambda r: (3, 6, 4, r), {"Wxh": (3, 6), "Whh": (6, 6), "bh": (6,), "Why": (6, 4), "by": (4,)},
             [("Wxh", "bh", "Why")], "(3, 6, 4, rng)", np.random.default_rng(3).normal(size=(64, 3))),
]


def check_init_params(ctx: Context) -> None:
    check_init(ctx, net(ctx.ref), INIT_CASES, saturation=_saturation)


# --------------------------------------------------------------------------- convergence

K_SYMBOLS, HIDDEN, LR, EPOCHS, THRESHOLD = 4, 12, 1.0, 150, 0.1


def memory_task() -> tuple[np.ndarray, np.ndarray]:
    """Predict the previous symbol of a random sequence: impossible without memory.

    A network that ignores the past cannot go below about (7/8) log 4 = 1.2;
    the reference reaches about 0.005 from every start the grader uses.
    """
    rng = np.random.default_rng(5)
    s = rng.integers(0, K_SYMBOLS, size=(24, 8))
    X = np.eye(K_SYMBOLS)[s]
    Y = np.concatenate([np.zeros((24, 1), dtype=int), s[:, :-1]], axis=1)
    return X, Y


def _as_model(value, like: dict) -> dict:
    """The parameters ``train`` returned, for the reference's forward pass: an extra or missing singleton axis
    is forgiven here (the shape check costs it), any other shape is not."""
    params = as_param_dict(value, list(KEYS), "the parameters returned by train")
    fitted = {k: aligned(params[k], np.asarray(like[k])) for k in KEYS}
    if any(v is None for v in fitted.values()):
        return as_params(params, like, "the parameters returned by train")  # raises, naming the shape
    return fitted


def check_convergence(ctx: Context) -> None:
    """train, from two grader-supplied starts, learns to recall the previous symbol (loss below 0.1)."""
    X, Y = memory_task()
    ref = ctx.ref
    h0 = np.zeros((X.shape[0], HIDDEN))
    starts = [ref.init_params(K_SYMBOLS, HIDDEN, K_SYMBOLS, np.random.default_rng(seed)) for seed in (11, 12)]
    # the reference's runs, for the picture of a failed one: asked every time, so that they are published
    runs = ctx.memo("start-runs", lambda: [ref.train(p, X, Y, h0, LR, EPOCHS)[1] for p in starts])
    results = values(ctx, [Call("train", (p, X, Y, h0, LR, EPOCHS)) for p in starts])
    failures: list[str] = []
    details = None
    for p, raw in zip(starts, results):
        params, losses = as_tuple(raw, 2, "train")
        losses = losses_list(losses, EPOCHS, "the losses from train")
        params = _as_model(params, p)
        with np.errstate(all="ignore"):  # judged at the returned parameters, not only by the reported losses
            final = float(ctx.on_task("rnn_loss", ctx.on_task("rnn_forward", params, X, h0)[0], Y))
        if not (np.isfinite(losses[-1]) and losses[-1] < THRESHOLD):
            failures.append(f"the loss is {losses[-1]:.4g}")
        elif not (np.isfinite(final) and final < THRESHOLD):
            failures.append(f"your last reported loss is {losses[-1]:.4g}, but the loss at the parameters train "
                            f"returns is {final:.4g}")
        else:
            continue
        if details is None:
            details = curves("train on the previous-symbol task against the reference", losses,
                             np.asarray(runs[next(i for i, s in enumerate(starts) if s is p)]))
    if failures:
        raise Fail(f"after {EPOCHS} epochs at lr={LR} {failures[0]} from {len(failures)} of "
                   f"{len(starts)} starting points (it must fall below {THRESHOLD}; the reference reaches about "
                   "0.005): the network does not learn to remember the previous symbol",
                   fraction=1 - len(failures) / len(starts), details=details or {}, function="train")


CHECKS = [
    CheckSpec("api.functions", "api", "every function is defined and implemented", 8, check_api),
    CheckSpec("shape.outputs", "shape", "outputs and gradients have the contract's shapes", 7, check_shapes),
    CheckSpec("shape.no_mutation", "shape", "no function modifies its arguments", 4, check_no_mutation),
    CheckSpec("shape.repeatable", "shape", "rnn_backward gives the same result twice and leaves its cache alone",
              4, check_repeatable_, "rnn_backward"),
    CheckSpec("forward.rnn_forward", "forward", "rnn_forward matches the reference (T=1, a batch of one, h0 != 0)",
              10, check_forward, "rnn_forward"),
    CheckSpec("forward.large_logits", "forward", "rnn_forward stays finite for large logits", 4,
              check_large_logits, "rnn_forward"),
    CheckSpec("forward.rnn_loss", "forward", "rnn_loss matches the reference", 5, check_loss, "rnn_loss"),
    CheckSpec("gradient.numerical", "gradient", "rnn_backward matches finite differences of your forward and loss",
              10, check_grad_numeric, "rnn_backward"),
    CheckSpec("gradient.reference", "gradient", "rnn_backward matches the reference, all five gradients", 15,
              check_grad_reference, "rnn_backward", public=False),
    CheckSpec("gradient.clip", "gradient", "clip_gradients scales by the global norm, on a copy", 6, check_clip,
              "clip_gradients"),
    CheckSpec("training.init_params", "training", "init_params: seeded, symmetry broken, not saturated", 5,
              check_init_params, "init_params"),
    CheckSpec("training.train", "training", "train follows the reference trajectory (clipped steps too)", 10,
              check_train, "train"),
    CheckSpec("convergence.memory", "convergence", "train learns a task that needs memory", 12, check_convergence,
              "train"),
]
