"""Checks for assignment 1, ``linear_regression`` (contract: README.md in this folder).

Inputs are drawn from generators seeded by each check's id, with several
rows, non-zero weights and bias, and nothing symmetric, so that no catalogued
mistake can hide (docs/gradient-checking.md, test points: N=1 hides a missing mean, a zero
bias hides a bias bug). Points add up to 100.

The model answer is read through the check's context only (``ctx.ref``: the module, or its published
outputs in a student's install), never imported here; helpers that need it take it as an argument.
"""
from __future__ import annotations

import zlib
from typing import Any

import numpy as np

from grader.checks.base import CheckSpec, Context, Fail
from grader.checks.common import (
    FD_STEP32, FD_STEP64, GRAD_TOL32, GRAD_TOL64, Probe, api_check, as_array, as_float, as_tuple, compare_grads,
    curves, diverged, expect_alive, expect_close, expect_consistent, expect_shape, expect_unchanged, explain_grads,
    grad_details, is_low_precision, losses_list, numeric_grads, own_rule, stale_and_mutation, momentum_step,
    plain_step,
)
from grader.sandbox.session import Call, Rng, StudentError

NAME = "linear_regression"
FUNCTIONS = ("predict", "mse_loss", "mse_gradients", "gradient_descent", "sgd", "polynomial_features", "standardize")


def problem(rng: np.random.Generator, n: int = 7, d: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """A small regression problem with noise: X, y, a non-trivial w and b."""
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 0.7 + 0.3 * rng.normal(size=n)
    return X, y, rng.normal(size=d), float(rng.normal() + 0.5)


def well_scaled(rng: np.random.Generator, n: int = 120, d: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Standardised features, for convergence: least squares is well conditioned."""
    X = rng.normal(size=(n, d))
    X = (X - X.mean(0)) / X.std(0)
    return X, X @ rng.normal(size=d) - 1.3 + 0.1 * rng.normal(size=n)


# --------------------------------------------------------------------------- evidence that the code computes


def _probe_calls(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> dict[str, tuple]:
    return {"predict": (X, w, b), "mse_loss": (X, y, w, b), "mse_gradients": (X, y, w, b),
            "gradient_descent": (X, y, 0.05, 3, w, b), "sgd": (X, y, 0.02, 2, Rng(5), w, b),
            "polynomial_features": (X[:, 0], 3), "standardize": (X,)}


def _reference(ref: Any, fn: str, args: tuple):
    args = tuple(np.random.default_rng(a.seed) if isinstance(a, Rng) else a for a in args)
    value = getattr(ref, fn)(*args)
    return (value[0], value[1], None) if fn in ("gradient_descent", "sgd") else value  # trained w, b; not the losses


def probes(ctx: Context) -> list[Probe]:
    """Every function at two data sets with the same w, b (see ``common.Probe``)."""
    ref = ctx.ref

    def make() -> list[Probe]:
        rng = np.random.default_rng(zlib.crc32(b"linear_regression/probes"))
        X, y, w, b = problem(rng)
        X2, y2, _, _ = problem(rng)
        a, c = _probe_calls(X, y, w, b), _probe_calls(X2, y2, w, b)
        return [Probe(fn, ([Call(fn, a[fn])], [Call(fn, c[fn])]), (_reference(ref, fn, a[fn]),
                                                                 _reference(ref, fn, c[fn])),
                      (a[fn], c[fn])) for fn in FUNCTIONS]
    return ctx.memo("probes", make)


# --------------------------------------------------------------------------- api, shape


def check_api(ctx: Context) -> None:
    X, y, w, b = problem(ctx.rng())
    api_check(ctx, {
        "predict": (X, w, b), "mse_loss": (X, y, w, b), "mse_gradients": (X, y, w, b),
        "gradient_descent": (X, y, 0.01, 1), "sgd": (X, y, 0.01, 1, Rng(0)),
        "polynomial_features": (X[:, 0], 2), "standardize": (X,),
    }, probes)


def check_shapes(ctx: Context) -> None:
    X, y, w, b = problem(ctx.rng())
    n, d = X.shape
    s = ctx.student
    expect_shape(s.call("predict", X, w, b), (n,), "predict(X, w, b)")
    as_float(s.call("mse_loss", X, y, w, b), "mse_loss(...)")
    dw, db = as_tuple(s.call("mse_gradients", X, y, w, b), 2, "mse_gradients")
    expect_shape(dw, (d,), "dw from mse_gradients")
    as_float(db, "db from mse_gradients")
    w1, b1, losses = as_tuple(s.call("gradient_descent", X, y, 0.01, 3, w, b), 3, "gradient_descent")
    expect_shape(w1, (d,), "w from gradient_descent")
    as_float(b1, "b from gradient_descent")
    losses_list(losses, 3, "the losses from gradient_descent")
    w2, _, losses = as_tuple(s.call("sgd", X, y, 0.01, 2, Rng(3), w, b), 3, "sgd")
    expect_shape(w2, (d,), "w from sgd")
    losses_list(losses, 2, "the losses from sgd")
    expect_shape(s.call("polynomial_features", X[:, 0], 4), (n, 4), "polynomial_features(x, 4)")
    Xs, mean, std = as_tuple(s.call("standardize", X), 3, "standardize")
    expect_shape(Xs, (n, d), "X_std from standardize")
    expect_shape(mean, (d,), "mean from standardize")
    expect_shape(std, (d,), "std from standardize")
    expect_alive(ctx, probes, points_for="the shape points")


def check_no_mutation(ctx: Context) -> None:
    X, y, w, b = problem(ctx.rng())
    s = ctx.student
    for fn, args, what in (
        ("predict", (X, w, b), "X or w"),
        ("mse_loss", (X, y, w, b), "X, y or w"),
        ("mse_gradients", (X, y, w, b), "X, y or w"),
        ("gradient_descent", (X, y, 0.01, 2, w, b), "X, y or w0"),
        ("sgd", (X, y, 0.01, 2, Rng(1), w, b), "X, y or w0"),
        ("standardize", (X,), "X"),
        ("polynomial_features", (X[:, 1].copy(), 3), "x"),
    ):
        expect_unchanged(s.call_full(fn, *args), fn, what)
    expect_alive(ctx, probes, points_for="the no-mutation points")


# --------------------------------------------------------------------------- forward


def check_predict(ctx: Context) -> None:
    rng = ctx.rng()
    for n, d in ((7, 3), (1, 4)):
        X, _, w, b = problem(rng, n, d)
        expect_close(ctx.student.call("predict", X, w, b), ctx.ref.predict(X, w, b),
                     f"predict on a batch of {n}", mistakes=("wrong-forward",))


def check_loss(ctx: Context) -> None:
    """``mse_loss`` at given parameters. A loss that is the mean squared error of the student's own
    ``predict``, which differs from the answer's, is a forward mistake, not a loss one: say so."""
    X, y, w, b = problem(ctx.rng())
    got = ctx.student.call("mse_loss", X, y, w, b)
    try:
        expect_close(got, ctx.ref.mse_loss(X, y, w, b), "mse_loss", mistakes=("wrong-loss",))
    except Fail as fail:
        # what was compared is the loss call (the pointing step replays it), whatever is called below
        fail.evidence.setdefault("last_calls", list(getattr(ctx.student, "last_calls", [])))
        if not _loss_of_own_predict(ctx, X, y, w, b, got):
            raise
        fail.message = ("mse_loss differs from the reference, but it is the mean squared error of your own "
                        "predict, which is what differs: fix predict and the loss follows")
        fail.mistakes = ["wrong-forward"]
        fail.evidence["last_calls"] = list(getattr(ctx.student, "last_calls", []))  # predict's: where it differs
        raise


def _loss_of_own_predict(ctx: Context, X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, got: Any) -> bool:
    """The student's loss ``got`` at ``(w, b)`` is the mean squared error of their own ``predict`` there: right
    for its own predictions, so a loss that differs from the answer's is ``predict``'s doing (no call of the
    answer's ``predict``, which a student's install does not publish)."""
    try:
        mine = np.asarray(ctx.student.call("predict", X, w, b), dtype=float).reshape(-1)
        own = float(np.mean((mine - y) ** 2)) if mine.shape == y.shape and np.all(np.isfinite(mine)) else None
        value = float(np.asarray(got, dtype=float).reshape(-1)[0])
    except (StudentError, TypeError, ValueError, IndexError):
        return False
    return own is not None and bool(np.isclose(value, own, rtol=1e-9, atol=1e-12))


def check_polynomial(ctx: Context) -> None:
    x = ctx.rng().uniform(-2, 2, size=6)
    expect_close(ctx.student.call("polynomial_features", x, 3), ctx.ref.polynomial_features(x, 3),
                 "polynomial_features(x, 3)", mistakes=("wrong-forward",))


def check_standardize(ctx: Context) -> None:
    X = ctx.rng().normal(3.0, 2.0, size=(9, 3))
    X[:, 1] = 2.0  # a constant column: its std must be taken as 1
    got = as_tuple(ctx.student.call("standardize", X), 3, "standardize")
    for part, want, what in zip(got, ctx.ref.standardize(X), ("X_std", "mean", "std")):
        expect_close(part, want, f"{what} from standardize (with a constant column)",
                     mistakes=("wrong-forward",))


# --------------------------------------------------------------------------- gradient


def _loss_calls(X: np.ndarray, y: np.ndarray):
    return lambda p: [Call("mse_loss", (X, y, p["w"], p["b"]))]


def check_grad_numeric(ctx: Context) -> None:
    """The student's gradient against central differences of the student's own loss."""
    X, y, w, b = problem(ctx.rng())
    dw, db = as_tuple(ctx.student.call("mse_gradients", X, y, w, b), 2, "mse_gradients")
    got = {"w": as_array(dw, "dw from mse_gradients").ravel(), "b": np.asarray(as_float(db, "db"))}
    low = is_low_precision(dw, db, ctx.student.call("mse_loss", X, y, w, b))
    num = numeric_grads(ctx, _loss_calls(X, y), {"w": w, "b": b}, FD_STEP32 if low else FD_STEP64)
    if got["w"].shape != num["w"].shape:
        raise Fail(f"dw has {got['w'].size} entries, but w has {w.size}", mistakes=["shape-mismatch"])
    rdw, rdb = ctx.ref.mse_gradients(X, y, w, b)
    try:
        expect_consistent(got, num, {"w": rdw, "b": np.asarray(rdb)}, low, "mse_loss", "mse_gradients",
                          evidence={"kind": "gradients", "function": "mse_gradients", "inputs": (X, y, w, b),
                                    "got": got, "low_precision": low, "calls": [Call("mse_gradients", (X, y, w, b))]})
    except Fail as fail:
        kept = ctx.student.last_calls  # the check's evidence stays the calls it judged
        try:
            loss = ctx.student.call("mse_loss", X, y, w, b) if fail.mistakes == ["wrong-loss"] else None
            forward = loss is not None and not np.isclose(
                float(np.asarray(loss, dtype=float).reshape(-1)[0]), float(ctx.ref.mse_loss(X, y, w, b)),
                rtol=1e-9, atol=1e-12) and _loss_of_own_predict(ctx, X, y, w, b, loss)
        except (StudentError, TypeError, ValueError, IndexError):
            forward = False
        finally:
            ctx.student.last_calls = kept
        if not forward:
            raise
        # the loss is the mean squared error of the student's own predict, which differs: the forward
        fail.message = ("mse_gradients matches the reference gradient, but not finite differences of your own "
                        "mse_loss, which is the mean squared error of your own predict: predict is what differs")
        fail.mistakes, fail.function = ["wrong-forward"], "predict"
        raise
    expect_alive(ctx, probes, ("mse_loss", "mse_gradients"), partial=False,
                 points_for="the points for agreeing with finite differences of your own loss")


def check_grad_reference(ctx: Context) -> None:
    """The student's gradient against the reference, at two points."""
    rng = ctx.rng()
    for n, d in ((7, 3), (6, 5)):
        X, y, w, b = problem(rng, n, d)
        dw, db = as_tuple(ctx.student.call("mse_gradients", X, y, w, b), 2, "mse_gradients")
        rdw, rdb = ctx.ref.mse_gradients(X, y, w, b)
        got = {"w": as_array(dw, "dw from mse_gradients").ravel(), "b": np.asarray(as_float(db, "db"))}
        want = {"w": rdw, "b": np.asarray(rdb)}
        if got["w"].shape != want["w"].shape:
            raise Fail(f"dw has {got['w'].size} entries, but w has {w.size}", mistakes=["shape-mismatch"])
        comp = compare_grads(got, want, GRAD_TOL32 if is_low_precision(dw, db) else GRAD_TOL64)
        if not comp.ok:
            raise Fail(explain_grads(comp, "the reference"), expected=f"dw={rdw}, db={rdb:.6g}",
                       got=f"dw={got['w']}, db={float(got['b']):.6g}", mistakes=comp.mistakes,
                       details=grad_details(got, want, comp),
                       evidence={"kind": "gradients", "function": "mse_gradients", "inputs": (X, y, w, b),
                                 "got": got, "low_precision": is_low_precision(dw, db),
                                 "calls": [Call("mse_gradients", (X, y, w, b))]})


def check_grad_repeatable(ctx: Context) -> None:
    X, y, w, b = problem(ctx.rng())
    stale_and_mutation(ctx, "mse_gradients", (X, y, w, b), "X, y or w")
    expect_alive(ctx, probes, ("mse_gradients",), partial=False,
                 points_for="the points for giving the same result twice")


# --------------------------------------------------------------------------- training


def _trajectory(ctx: Context, fn: str, args: tuple, want: tuple, epochs: int) -> None:
    got = as_tuple(ctx.student.call(fn, *args), 3, fn)
    w, b, losses = got
    rw, rb, rlosses = want
    low = is_low_precision(w)
    losses = losses_list(losses, epochs, f"the losses from {fn}")
    details = curves(f"{fn}: loss per epoch from the grader's starting point", losses, np.asarray(rlosses))
    evidence = {"kind": "training", "function": fn, "inputs": args, "got": {"w": w, "b": b, "losses": losses},
                "low_precision": low}
    try:
        expect_close(losses, np.asarray(rlosses), f"the losses from {fn}", low_precision=low)
        expect_close(w, rw, f"the final w from {fn}", low_precision=low)
        expect_close(b, rb, f"the final b from {fn}", low_precision=low)
    except Fail as fail:
        fail.details, fail.evidence = details, evidence
        if diverged(losses):
            fail.message += "; the loss grows during training"
        if fn == "gradient_descent" and len(args) == 6:
            _own_step(ctx, fail, args, low)
        raise


def _own_step(ctx: Context, fail: Fail, args: tuple, low: bool) -> None:
    """The update rule judged with the student's own gradient (right or not): one epoch of gradient_descent
    against w - lr * dw, b - lr * db from their mse_gradients (the same on two calls)."""
    X, y, lr, _, w, b = args
    try:
        grads = _stable_grads(ctx, X, y, w, b)
        if grads is None:
            return
        w1, b1, _ = as_tuple(ctx.student.call("gradient_descent", X, y, lr, 1, w, b), 3, "gradient_descent")
        after = {"w": as_array(w1, "w"), "b": np.asarray(as_float(b1, "b"))}
    except (Fail, StudentError):
        return
    start = {"w": w, "b": np.asarray(b)}
    tol = 1e-3 if low else 1e-6
    found = own_rule(start, after, grads, lr, tol, len(X), "gradient_descent", "mse_gradients",
                     lambda: _momentum(ctx, args, start, after, grads, tol))
    if found is not None and "update-rule" not in fail.mistakes:
        c, note = found
        fail.mistakes.append("update-rule")
        if isinstance(fail.evidence, dict):  # a step of their own gradient: the update statement is the line
            fail.evidence["own_step"] = c
            fail.evidence["gradient_function"] = "mse_gradients"
        fail.message += "; " + note


def _momentum(ctx: Context, args: tuple, start: dict, after: dict, g0: dict, tol: float) -> float | None:
    """``momentum_step`` on two epochs of the student's gradient_descent, with their own gradient after the first
    (the same on two calls)."""
    X, y, lr, _, w, b = args
    if not plain_step(start, after, g0, lr, tol):
        return None  # the first step is not the plain one: no momentum to look for (and no calls made)
    try:
        grads = _stable_grads(ctx, X, y, after["w"], float(after["b"]))
        if grads is None:
            return None
        w2, b2, _ = as_tuple(ctx.student.call("gradient_descent", X, y, lr, 2, w, b), 3, "gradient_descent")
        two = {"w": as_array(w2, "w"), "b": np.asarray(as_float(b2, "b"))}
    except (Fail, StudentError):
        return None
    return momentum_step(start, after, two, g0, grads, lr, tol)


def _stable_grads(ctx: Context, X, y, w, b) -> dict | None:
    """The student's mse_gradients at (w, b) as ``{"w": dw, "b": db}``, when two calls give the same (a step
    can be judged against them); None when they differ. Raises what reading them raises."""
    g1 = as_tuple(ctx.student.call("mse_gradients", X, y, w, b), 2, "mse_gradients")
    g2 = as_tuple(ctx.student.call("mse_gradients", X, y, w, b), 2, "mse_gradients")
    grads = {"w": as_array(g1[0], "dw"), "b": np.asarray(as_float(g1[1], "db"))}
    same = np.array_equal(grads["w"], as_array(g2[0], "dw")) and float(grads["b"]) == as_float(g2[1], "db")
    return grads if same else None


def check_gd(ctx: Context) -> None:
    X, y, w, b = problem(ctx.rng())
    ref = ctx.ref
    _trajectory(ctx, "gradient_descent", (X, y, 0.05, 6, w, b), ref.gradient_descent(X, y, 0.05, 6, w, b), 6)
    args = (X, y, 0.05, 3)  # w0=None means zeros, b0 defaults to 0
    _trajectory(ctx, "gradient_descent", args, ref.gradient_descent(*args), 3)


def check_sgd(ctx: Context) -> None:
    X, y, w, b = problem(ctx.rng())
    want = ctx.ref.sgd(X, y, 0.02, 3, np.random.default_rng(11), w, b)
    _trajectory(ctx, "sgd", (X, y, 0.02, 3, Rng(11), w, b), want, 3)


# --------------------------------------------------------------------------- convergence


def check_convergence(ctx: Context) -> None:
    """Gradient descent from zeros reaches the least-squares solution."""
    X, y = well_scaled(ctx.rng())
    A = np.hstack([X, np.ones((len(X), 1))])
    best = np.linalg.lstsq(A, y, rcond=None)[0]
    lr, epochs = 0.1, 300
    w, b, losses = as_tuple(ctx.student.call("gradient_descent", X, y, lr, epochs), 3, "gradient_descent")
    losses = losses_list(losses, epochs, "the losses from gradient_descent")
    got = np.append(as_array(w, "w from gradient_descent").ravel(), as_float(b, "b"))
    optimum = float(np.mean((A @ best - y) ** 2))
    details = curves("gradient_descent from zeros (lr 0.1) against the least-squares optimum", losses,
                     np.asarray(ctx.ref.gradient_descent(X, y, lr, epochs)[2]))
    # The largest stable rate for least squares: 2 / lambda_max of the Hessian (2/N) A^T A.
    lam = float(np.linalg.eigvalsh(2.0 / len(X) * A.T @ A)[-1])
    if got.shape != best.shape or not np.all(np.isfinite(got)):
        raise Fail("gradient_descent did not reach a finite solution" +
                   (f"; training diverged (the largest stable learning rate here is {2 / lam:.3g})"
                    if diverged(losses) else ""),
                   mistakes=[], details=details,
                   evidence={"kind": "convergence", "function": "gradient_descent", "inputs": (X, y, lr, epochs),
                             "got": {"w": w, "b": b, "losses": losses}, "optimum": optimum, "lr_max": 2 / lam,
                             "low_precision": is_low_precision(w, b)})
    err = float(np.linalg.norm(got - best) / np.linalg.norm(best))
    if err > 1e-3:
        # Which mistake this is (learning rate, scale, a wrong gradient) is the diagnosis's call, from the evidence.
        note = ""
        if diverged(losses):
            note = (
                f"; the loss grows, as when the step is too large (the largest stable rate here is {2 / lam:.3g})")
        elif losses[-1] > optimum * 1.01 + 1e-9:
            note = (f"; the final loss {losses[-1]:.4g} is far above the optimum "
                    f"{optimum:.4g}: training stops short of the minimum")
        raise Fail(f"after {epochs} epochs at lr={lr} the parameters are {err:.2%} away from the least-squares "
                   f"solution (tolerance 0.1%){note}", expected=str(np.round(best, 5)), got=str(np.round(got, 5)),
                   mistakes=[], details=details,
                   evidence={"kind": "convergence", "function": "gradient_descent", "inputs": (X, y, lr, epochs),
                             "got": {"w": w, "b": b, "losses": losses}, "optimum": optimum, "lr_max": 2 / lam,
                             "low_precision": is_low_precision(w, b)})


CHECKS = [
    CheckSpec("api.functions", "api", "every function is defined and implemented", 10, check_api),
    CheckSpec("shape.outputs", "shape", "outputs have the contract's shapes", 6, check_shapes),
    CheckSpec("shape.no_mutation", "shape", "no function modifies its arguments", 4, check_no_mutation),
    CheckSpec("forward.predict", "forward", "predict matches the reference", 6, check_predict, "predict"),
    CheckSpec("forward.mse_loss", "forward", "mse_loss matches the reference", 6, check_loss, "mse_loss"),
    CheckSpec("forward.polynomial_features", "forward", "polynomial_features matches the reference", 4,
              check_polynomial, "polynomial_features"),
    CheckSpec("forward.standardize", "forward", "standardize matches the reference (constant column too)", 4,
              check_standardize, "standardize"),
    CheckSpec("gradient.numerical", "gradient", "mse_gradients matches finite differences of your mse_loss", 10,
              check_grad_numeric, "mse_gradients"),
    CheckSpec("gradient.reference", "gradient", "mse_gradients matches the reference", 15,
              check_grad_reference, "mse_gradients", public=False),
    CheckSpec("gradient.repeatable", "gradient", "mse_gradients gives the same result twice", 5,
              check_grad_repeatable, "mse_gradients"),
    CheckSpec("training.gradient_descent", "training", "gradient_descent follows the reference trajectory", 8,
              check_gd, "gradient_descent"),
    CheckSpec("training.sgd", "training", "sgd follows the reference trajectory (same seed)", 7, check_sgd, "sgd"),
    CheckSpec("convergence.lstsq", "convergence", "gradient_descent reaches the least-squares solution", 15,
              check_convergence, "gradient_descent"),
]
