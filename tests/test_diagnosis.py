"""The diagnosis step: mutants, the matcher, relations, training dynamics, and the whole corpus.

Unit tests run the matcher on the reference's own outputs under each mutant
(each must be named with its own id and nothing else); the integration
tests grade every corpus file once (in parallel, module-scoped) and check
that each mistake file is named with its id and no correct variant names
anything. New corpus files are picked up by the globs.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from grader.diagnosis.mutants.generate import edits_of

from conftest import ROOT
from grader import registry
from grader.registry import names as available
from grader.checks.base import CheckSpec, Context, Fail
from grader.diagnosis import Record, diagnose, dynamics
from grader.diagnosis.match import TOL32, TOL64, block_distance, curve_distance, evaluate, match
from grader.diagnosis.mutants import bank
from grader.sandbox.session import Rng

sys.path.insert(0, str(ROOT / "tools"))
import diagnosis_share as share  # noqa: E402

ASSIGNMENTS = available()


# --------------------------------------------------------------------------- test points (as the checks draw them)


def _points(assignment: str) -> dict[str, list]:
    """Evidence inputs per contract function: non-degenerate points (N not 1, 2, 4; nonzero biases). An
    assignment's mistakes.py may give its own (``sample_inputs()``); the first four are written here."""
    module = registry.mistakes(assignment)
    if hasattr(module, "sample_inputs"):
        return module.sample_inputs()
    declared = registry.get(assignment).declared
    if declared is not None and hasattr(declared, "sample_inputs"):
        return declared.sample_inputs(registry.reference(assignment))
    assert assignment in ("linear_regression", "xor_mlp", "mnist_softmax", "rnn"), (
        f"{assignment}: give its mistakes.py a sample_inputs() (evidence inputs per function), see docs/authoring.md")
    rng = np.random.default_rng(20240601)
    if assignment == "linear_regression":
        X, y, w = rng.normal(size=(7, 3)), rng.normal(size=7), rng.normal(size=3)
        Xb, yb = rng.normal(size=(120, 4)), rng.normal(size=120)
        return {"mse_gradients": [(X, y, w, 0.4)],
                "gradient_descent": [(X, y, 0.05, 6, w, 0.4), (Xb, yb, 0.1, 30)],
                "sgd": [(X, y, 0.02, 3, Rng(11), w, 0.4)]}
    if assignment == "xor_mlp":
        def params(n_in, h, n_out):
            return {"W1": rng.normal(0, 1.3 / np.sqrt(n_in), (n_in, h)), "b1": rng.normal(0, .5, h),
                    "W2": rng.normal(0, 1.3 / np.sqrt(h), (h, n_out)), "b2": rng.normal(0, .5, n_out)}
        sq, wide = params(3, 3, 3), params(3, 4, 2)
        Xs, Ys = rng.normal(size=(6, 3)), rng.uniform(.05, .95, (6, 3))
        Xw, Yw = rng.normal(size=(5, 3)), rng.uniform(.05, .95, (5, 2))
        return {"backward": [{"params": sq, "X": Xs, "Y": Ys}, {"params": wide, "X": Xw, "Y": Yw}],
                "train": [{"params": sq, "X": Xs, "Y": Ys, "lr": 0.5, "epochs": 4}],
                "sigmoid_derivative": [(rng.normal(0, 3, (4, 5)),)],
                "forward": [(wide, Xw)]}
    if assignment == "mnist_softmax":
        def params(sizes):
            return {k: v for l in range(1, len(sizes)) for k, v in
                    ((f"W{l}", rng.normal(0, 1.2 / np.sqrt(sizes[l - 1]), (sizes[l - 1], sizes[l]))),
                     (f"b{l}", rng.normal(0, .3, sizes[l])))}
        deep, one = params([5, 4, 4, 4, 3]), params([7, 5, 4])
        Xd, yd = rng.normal(size=(6, 5)), np.array([0, 1, 2, 2, 1, 0])
        Xo, yo = rng.normal(size=(5, 7)), np.array([3, 1, 0, 2, 1])
        Xt, yt = rng.normal(size=(11, 7)), rng.integers(0, 4, 11)
        return {"backward": [{"params": deep, "X": Xd, "y": yd}, {"params": one, "X": Xo, "y": yo}],
                "train": [{"params": one, "X": Xt, "y": yt, "lr": 0.1, "epochs": 2, "batch_size": 4, "rng": Rng(5)}],
                "softmax": [(np.array([[1000.0, 0.0, -1000.0], [3.0, 1.0, 2.0]]),)],
                "forward": [(one, Xo)]}
    D, H, K, N, T = 3, 4, 5, 5, 6
    p = {"Wxh": rng.normal(size=(D, H)) / np.sqrt(D), "Whh": rng.normal(size=(H, H)) / np.sqrt(H),
         "bh": rng.normal(size=H) * .2, "Why": rng.normal(size=(H, K)) / np.sqrt(H), "by": rng.normal(size=K) * .2}
    X, h0, Y = rng.normal(size=(N, T, D)), rng.normal(size=(N, H)) * .3, rng.integers(0, K, (N, T))
    big = {k: v * 3000 for k, v in p.items()}  # logits in the thousands: exp overflows
    return {"rnn_backward": [{"params": p, "X": X, "h0": h0, "Y": Y}],
            "train": [{"params": p, "X": X, "Y": Y, "h0": h0, "lr": 0.5, "epochs": 5}],
            "rnn_forward": [(big, X, h0), (p, X, h0)]}


MUTANT_CASES = [(a, i) for a in ASSIGNMENTS if bank(a) is not None for i in range(len(bank(a).mutants))]


@pytest.mark.parametrize("assignment,index", MUTANT_CASES,
                         ids=[f"{a}-{i}-{bank(a).mutants[i].id}" for a, i in MUTANT_CASES])
def test_each_mutant_is_named_with_its_own_id_and_nothing_else(assignment, index):
    b = bank(assignment)
    mutant, ns = b.mutants[index], b.namespaces[index]
    shown = 0
    for function, inputs_list in _points(assignment).items():
        for inputs in inputs_list:
            ref = evaluate(b, b.reference, function, inputs, None)
            out = evaluate(b, ns, function, inputs, None)
            if out is None or block_or_curve_equal(out, ref):
                continue  # this mutant does not change this function at this point
            stages = ("training",) if mutant.stage == "training" else ("gradient", "forward")
            result = match(b, function, inputs, out, TOL64, stages)
            assert result.ids == [mutant.id], (function, mutant.name, result)
            shown += 1
    if not shown and edits_of(mutant):
        # a generated edit that changes nothing here (X @ dZ on a square batch raises or equals the answer):
        # the matcher skips it as degenerate; a hand-written mutant must always be able to show
        pytest.skip(f"generated mutant {mutant.name!r} gives the reference's value on these test points")
    assert shown, f"{mutant.name!r} never differs from the reference on the test points: it can never be named"


def block_or_curve_equal(a: dict, b: dict) -> bool:
    from grader.diagnosis.match import distance
    return distance(a, b) <= TOL64


@pytest.mark.parametrize("assignment", [a for a in ASSIGNMENTS if bank(a) is not None])
def test_the_reference_itself_matches_no_mutant(assignment):
    b = bank(assignment)
    for function, inputs_list in _points(assignment).items():
        for inputs in inputs_list:
            ref = evaluate(b, b.reference, function, inputs, None)
            assert match(b, function, inputs, ref, TOL64, ("gradient", "forward", "training")).ids == []


def test_a_float32_student_is_matched_with_the_looser_bound():
    b = bank("xor_mlp")
    inputs = _points("xor_mlp")["backward"][0]
    index = next(i for i, m in enumerate(b.mutants) if m.id == "activation-derivative-at-output")
    out = evaluate(b, b.namespaces[index], "backward", inputs, None)
    noise = np.random.default_rng(1)  # float32 arithmetic: relative errors of about 1e-5 after a few layers
    as32 = {k: (v * (1 + 1e-5 * noise.standard_normal(v.shape))).astype(np.float32).astype(float)
            for k, v in out.items()}
    assert match(b, "backward", inputs, as32, TOL64, ("gradient",)).ids == []
    assert match(b, "backward", inputs, as32, TOL32, ("gradient",)).ids == ["activation-derivative-at-output"]


def test_ties_between_ids_name_nothing(monkeypatch):
    b = bank("linear_regression")
    inputs = _points("linear_regression")["mse_gradients"][0]
    sign = b.mutants[0]
    assert sign.id == "gradient-sign"
    out = evaluate(b, b.namespaces[0], "mse_gradients", inputs, None)
    # a second mutant, of another id, that makes the same numbers: the evidence cannot tell them apart
    from grader.diagnosis.mutants import Mutant, bind
    twin = Mutant("update-rule", "twin", sign.overrides, "gradient")
    monkeypatch.setattr(b, "mutants", b.mutants + [twin])
    monkeypatch.setattr(b, "namespaces", b.namespaces + [bind(b.ref, sign.overrides, vars(b.module))])
    result = match(b, "mse_gradients", inputs, out, TOL64, ("gradient",))
    assert result.ids == [] and result.ambiguous == ["gradient-sign", "update-rule"]


def test_distances():
    a = np.array([1.0, 2.0, 3.0])
    assert block_distance(a, a) == 0.0
    assert block_distance(a, a.reshape(3, 1)) == 0.0  # singleton axes are aligned
    assert block_distance(a, np.ones((2, 2))) == np.inf
    assert block_distance(np.array([np.nan, 1.0]), np.array([np.nan, 1.0])) == 0.0
    assert block_distance(np.array([np.inf, 1.0]), np.array([1.0, 1.0])) == np.inf
    # loss curves: a prefix is compared on its length; float32 overflow vs a huge float64 value is skipped
    assert curve_distance([1.0, 2.0, 4.0, 8.0], [1.0, 2.0]) == 0.0
    assert curve_distance([1.0, 1e35, np.inf], [1.0, 1e35, 1e200]) == 0.0
    assert curve_distance([1.0, 2.0, np.inf], [1.0, 2.0, 3.0]) == np.inf
    assert curve_distance([1.0], [1.0, 2.0]) == np.inf


# --------------------------------------------------------------------------- diagnose() on hand-made evidence


def _ctx(assignment: str) -> Context:
    return Context(student=None, ref=bank(assignment).ref, assignment=assignment)  # type: ignore[arg-type]


def _spec(check_id: str, category: str, function: str) -> CheckSpec:
    return CheckSpec(check_id, category, check_id, 1.0, lambda ctx: None, function)


def _fail(evidence: dict, mistakes=()) -> Fail:
    return Fail("the check failed", evidence=evidence, mistakes=list(mistakes))


def _linreg_grad_evidence(transform) -> dict:
    from solutions import linear_regression as ref
    X, y, w, b = _points("linear_regression")["mse_gradients"][0]
    dw, db = ref.mse_gradients(X, y, w, b)
    dw, db = transform(dw, db)
    return {"kind": "gradients", "function": "mse_gradients", "inputs": (X, y, w, b),
            "got": {"w": dw, "b": np.asarray(db)}, "low_precision": False}


@pytest.mark.parametrize("transform,expected", [
    (lambda dw, db: (-dw, -db), ["gradient-sign"]),
    (lambda dw, db: (7 * dw, 7 * db), ["gradient-scale"]),
    (lambda dw, db: (0.5 * dw, 0.5 * db), ["gradient-scale"]),
    (lambda dw, db: (dw + 0.1, db), []),  # nothing in the catalogue fits: nothing is named
])
def test_relations_are_tested_directly_on_gradient_evidence(transform, expected):
    ctx = _ctx("linear_regression")
    assert diagnose(_spec("gradient.reference", "gradient", "mse_gradients"), ctx,
                    _fail(_linreg_grad_evidence(transform))) == expected


def test_a_transposed_square_gradient_is_named_by_relation():
    b = bank("xor_mlp")
    inputs = _points("xor_mlp")["backward"][0]
    grads = evaluate(b, b.reference, "backward", inputs, None)
    grads["W2"] = grads["W2"].T
    ev = {"kind": "gradients", "fn": "backward", "inputs": inputs, "got": grads}
    assert diagnose(_spec("gradient.reference", "gradient", "backward"), _ctx("xor_mlp"), _fail(ev)) == \
        ["transposed-gradient"]


def test_an_rnn_gradient_mistake_gets_a_picture_of_its_error_by_time_step():
    b = bank("rnn")
    inputs = _points("rnn")["rnn_backward"][0]
    index = next(i for i, m in enumerate(b.mutants) if m.id == "missing-recurrent-gradient")
    got = evaluate(b, b.namespaces[index], "rnn_backward", inputs, None)
    fail = _fail({"kind": "gradients", "fn": "rnn_backward", "inputs": inputs, "got": got})
    assert diagnose(_spec("gradient.reference", "gradient", "rnn_backward"), _ctx("rnn"), fail) == \
        ["missing-recurrent-gradient"]
    (bars,) = fail.details["bars"]
    T = inputs["X"].shape[1]
    assert bars["labels"] == [f"t={t}" for t in range(1, T + 1)]
    assert bars["values"][-1] == 0.0 and min(bars["values"][:-1]) > 1e-3  # right at the last step only


def test_a_check_that_named_its_mistake_is_not_second_guessed():
    ev = _linreg_grad_evidence(lambda dw, db: (-dw, -db))
    assert diagnose(_spec("gradient.reference", "gradient", "mse_gradients"), _ctx("linear_regression"),
                    _fail(ev, ["wrong-loss"])) == []


def _gd_evidence(X, y, lr, epochs, losses, w, b, kind="training") -> dict:
    return {"kind": kind, "function": "gradient_descent", "inputs": (X, y, lr, epochs),
            "got": {"w": w, "b": b, "losses": np.asarray(losses)}, "low_precision": False}


def _well_scaled():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(120, 4))
    X = (X - X.mean(0)) / X.std(0)
    return X, X @ rng.normal(size=4) - 1.3 + 0.1 * rng.normal(size=120)


def test_divergence_is_a_learning_rate_too_high_with_the_largest_stable_rate():
    from solutions import linear_regression as ref
    X, y = _well_scaled()
    w, b, losses = ref.gradient_descent(X, y, 2.5, 6)  # the student's hard-coded rate, the check asks 0.05
    fail = _fail(_gd_evidence(X, y, 0.05, 6, losses, w, b))
    assert diagnose(_spec("training.gradient_descent", "training", "gradient_descent"), _ctx("linear_regression"),
                    fail) == ["learning-rate-too-high"]
    rate = bank("linear_regression").module.largest_stable_rate(X)
    assert f"{rate:.3g}" in fail.message and "2 / λ_max" in fail.message


def test_a_gradient_bug_that_breaks_training_is_named_as_that_bug_not_the_learning_rate():
    from solutions import linear_regression as ref
    X, y = _well_scaled()
    ns = bank("linear_regression").namespaces[0]  # the sign mutant: gradient ascent, the loss blows up
    w, b, losses = ns["gradient_descent"](X, y, 0.1, 300)
    assert dynamics.diverged(np.asarray(losses), np.asarray(ref.gradient_descent(X, y, 0.1, 300)[2]))
    ctx = _ctx("linear_regression")
    record_gradient_failure(ctx, "linear_regression", "mse_gradients", ["gradient-sign"])
    ev = _gd_evidence(X, y, 0.1, 300, losses, w, b, kind="convergence")
    assert diagnose(_spec("convergence.lstsq", "convergence", "gradient_descent"), ctx, _fail(ev)) == \
        ["gradient-sign"]
    # without the gradient failure the same run is gradient ascent: a wrong update rule
    assert diagnose(_spec("convergence.lstsq", "convergence", "gradient_descent"), _ctx("linear_regression"),
                    _fail(ev)) == ["update-rule"]


def record_gradient_failure(ctx, assignment, function, mistakes):
    diagnose(_spec("gradient.reference", "gradient", function), ctx, Fail("wrong", mistakes=mistakes))


def test_an_unexplained_gradient_failure_silences_the_training_dynamics():
    X, y = _well_scaled()
    ctx = _ctx("linear_regression")
    record_gradient_failure(ctx, "linear_regression", "mse_gradients", [])
    losses = np.full(301, 1e6)
    losses[0] = float(np.mean(y ** 2))
    ev = _gd_evidence(X, y, 0.1, 300, losses, np.zeros(4), 0.0, kind="convergence")
    assert diagnose(_spec("convergence.lstsq", "convergence", "gradient_descent"), ctx, _fail(ev)) == []


def test_a_stalled_run_is_not_converged():
    from solutions import linear_regression as ref
    X, y = _well_scaled()
    w, b, losses = ref.gradient_descent(X, y, 0.1, 300)
    optimum = losses[-1]
    slow = ref.gradient_descent(X, y, 0.1, 3)  # the first steps right, then it stops moving
    losses_slow = list(slow[2]) + [slow[2][-1]] * (300 - 3)
    ev = _gd_evidence(X, y, 0.1, 300, losses_slow, slow[0], slow[1], kind="convergence")
    ev["optimum"] = optimum
    assert diagnose(_spec("convergence.lstsq", "convergence", "gradient_descent"), _ctx("linear_regression"),
                    _fail(ev)) == ["not-converged"]


def test_right_parameters_with_wrong_losses_is_a_wrong_loss():
    from solutions import linear_regression as ref
    X, y = _well_scaled()
    w, b, losses = ref.gradient_descent(X, y, 0.05, 6)
    ev = _gd_evidence(X, y, 0.05, 6, np.sqrt(losses), w, b)
    assert diagnose(_spec("training.gradient_descent", "training", "gradient_descent"), _ctx("linear_regression"),
                    _fail(ev)) == ["wrong-loss"]


def test_skipped_samples_and_update_rules_are_matched_on_the_trajectory():
    b = bank("linear_regression")
    for index, mutant in enumerate(b.mutants):
        if mutant.stage != "training" or "sgd" not in mutant.overrides:
            continue
        inputs = _points("linear_regression")["sgd"][0]
        out = evaluate(b, b.namespaces[index], "sgd", inputs, None)
        ev = {"kind": "training", "function": "sgd", "inputs": inputs, "got": out, "low_precision": False}
        assert diagnose(_spec("training.sgd", "training", "sgd"), _ctx("linear_regression"), _fail(ev)) == \
            [mutant.id], mutant.name


def test_diverged_and_stalled_rules():
    ref = np.array([1.0, 0.5, 0.25, 0.1])
    assert dynamics.diverged(np.array([1.0, 2.0, np.nan, np.nan]), ref)
    assert dynamics.diverged(np.array([1.0, 3.0, 9.0, 27.0]), ref)
    assert dynamics.diverged(np.array([1.0, 1.1, 1.05, 1.2]), ref)  # ends above its start while the reference falls
    assert not dynamics.diverged(np.array([1.0, 0.9, 0.8, 0.7]), ref)
    assert dynamics.stalled(np.array([1.0, 0.9, 0.85, 0.84]), ref)
    assert not dynamics.stalled(np.array([1.0, 0.5, 0.25, 0.1]), ref)
    assert not dynamics.stalled(np.array([1.0, 0.4, 0.5, 0.6]), ref)  # not monotone: not a stall
    assert dynamics.stalled(np.array([1.0, 0.9, 0.8]), ref[:3], optimum=0.1, convergence=True)
    assert not dynamics.stalled(np.array([1.0, 0.3, 0.1001]), ref[:3], optimum=0.1, convergence=True)


@pytest.mark.parametrize("assignment", ["xor_mlp", "mnist_softmax", "rnn"])
def test_init_rules(assignment):
    b = bank(assignment)
    if b is None:
        pytest.skip("no mutants")
    rng = np.random.default_rng(0)
    if assignment == "xor_mlp":
        good = b.ref.init_params(2, 8, 1, rng)
        X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        big = {k: (rng.uniform(-10, 10, v.shape) if k.startswith("W") else v) for k, v in good.items()}
        extra = {}
    elif assignment == "mnist_softmax":
        good = b.ref.init_params([784, 64, 10], rng)
        X = rng.uniform(0, 1, (50, 784))
        big = {k: v * np.sqrt(784) * 5 if k.startswith("W") else v for k, v in good.items()}
        extra = {}
    else:
        good = b.ref.init_params(3, 6, 4, rng)
        X = rng.normal(size=(5, 6, 3))
        big = {k: v * 20 if k.startswith("W") else v for k, v in good.items()}
        extra = {"h0": np.zeros((5, 6))}
    zeros = {k: np.zeros_like(v) for k, v in good.items()}
    const = {k: np.full_like(v, 0.01) for k, v in good.items()}
    assert dynamics.init_rules(b, {"got": good, "X": X, **extra}) == []
    assert dynamics.init_rules(b, {"got": zeros, "X": X, **extra}) == ["symmetric-init"]
    assert dynamics.init_rules(b, {"got": const, "X": X, **extra}) == ["symmetric-init"]
    assert dynamics.init_rules(b, {"got": big, "X": X, **extra}) == ["init-too-large"]


def test_diagnosis_is_deterministic_and_replays_only_short_runs(monkeypatch):
    """Once the bank is built, diagnosing a training run replays each mutant for a few steps only (a screen), never
    a whole run: what keeps it in the tens of milliseconds (measured by bench/run.py, not asserted here)."""
    b = bank("xor_mlp")
    inputs = _points("xor_mlp")["train"][0]
    ctx = _ctx("xor_mlp")
    record_gradient_failure(ctx, "xor_mlp", "backward", [])
    index = next(i for i, m in enumerate(b.mutants) if m.id == "activation-derivative-at-output")
    got = evaluate(b, b.namespaces[index], "train", inputs, None)
    ev = {"kind": "train", "fn": "train", "inputs": inputs, "got": got}
    spec = _spec("training.train", "training", "train")
    diagnose(spec, ctx, _fail(ev))  # warm-up: builds the mutant bank, keeps the reference's run
    steps: list[int | None] = []

    def counted(bank_, ns, function, inputs_, limit):
        steps.append(limit)
        return evaluate(bank_, ns, function, inputs_, limit)

    for module in ("grader.diagnosis.match", "grader.diagnosis.dynamics", "grader.diagnosis"):
        if hasattr(sys.modules[module], "evaluate"):
            monkeypatch.setattr(sys.modules[module], "evaluate", counted)
    answers = []
    for _ in range(5):
        answers.append(diagnose(spec, ctx, _fail(ev)))
    assert answers == [["activation-derivative-at-output"]] * 5
    assert steps and None not in steps, steps  # no whole run replayed
    assert len(steps) <= 5 * (len(b.mutants) + 5), len(steps)  # a screen a mutant, and a few longer runs


def test_a_banks_results_are_computed_once_per_inputs_and_given_back_read_only(monkeypatch):
    """What a mutant (or the answer) gives on evidence inputs is computed once per process: a class's files are
    diagnosed on the same inputs. The kept arrays cannot be changed by a caller; other namespaces (a recorder's)
    and inputs the key cannot hold always run."""
    from grader.diagnosis.lines import subexpressions, traced_values

    b = bank("xor_mlp")
    inputs = _points("xor_mlp")["backward"][0]
    ns = b.namespaces[0]
    calls: list[int] = []
    real = b.quantities["backward"]

    def counted(ns_, inputs_, limit):
        calls.append(1)
        return real(ns_, inputs_, limit)

    monkeypatch.setitem(b.quantities, "backward", counted)
    monkeypatch.setattr(b, "_kept", type(b._kept)())  # this test's own: nothing kept by earlier tests
    monkeypatch.setattr(b, "_kept_bytes", 0)
    first = evaluate(b, ns, "backward", inputs, None)
    again = evaluate(b, ns, "backward", {k: (np.array(v) if isinstance(v, np.ndarray) else v)
                                         for k, v in inputs.items()}, None)  # equal inputs, other objects
    assert len(calls) == 1
    assert first.keys() == again.keys() and all(np.array_equal(first[k], again[k]) for k in first)
    block = next(iter(first))
    with pytest.raises(ValueError):
        first[block][...] = 0.0  # read-only: the next caller gets what the code gave
    first["extra"] = np.zeros(1)  # the dict is the caller's own
    assert "extra" not in evaluate(b, ns, "backward", inputs, None)
    evaluate(b, ns, "backward", {**inputs, "X": np.asarray(inputs["X"]) + 1.0}, None)
    assert len(calls) == 2, "other inputs are computed"
    evaluate(b, dict(ns), "backward", inputs, None)
    assert len(calls) == 3, "a namespace that is not the bank's own is always run"
    evaluate(b, ns, "backward", {**inputs, "odd": object()}, None)
    evaluate(b, ns, "backward", {**inputs, "odd": object()}, None)
    assert len(calls) == 5, "inputs the key cannot hold are always run"
    traced = traced_values(b, ns, "backward", inputs)
    assert len(calls) == 6, "traced values run the code under the tracer, whatever evaluate kept"
    assert traced and all(np.array_equal(x, y) for x, y in zip(traced, traced_values(b, ns, "backward", inputs)))
    assert len(calls) == 6
    seen = subexpressions(b, "backward", inputs)
    assert seen and len(calls) == 7 and len(subexpressions(b, "backward", inputs)) == len(seen) and len(calls) == 7
    monkeypatch.setattr(type(b), "KEEP", 2)
    for k in range(3):
        evaluate(b, ns, "backward", {**inputs, "X": np.asarray(inputs["X"]) + 2.0 + k}, None)
    assert len(b._kept) == 2, "a bounded number of results is kept"
    monkeypatch.setattr(type(b), "KEEP_BYTES", 1)
    evaluate(b, ns, "backward", {**inputs, "X": np.asarray(inputs["X"]) + 9.0}, None)
    assert len(b._kept) == 0 and b._kept_bytes == 0, "and a bounded number of bytes"
    monkeypatch.setattr(type(b), "INPUT_BYTES", 8)
    calls.clear()
    evaluate(b, ns, "backward", inputs, None)
    evaluate(b, ns, "backward", inputs, None)
    assert len(calls) == 2, "large inputs are not hashed: always run"


def test_the_record_only_counts_checks_of_functions_training_depends_on():
    rec = Record()
    rec.add(_spec("forward.polynomial_features", "forward", "polynomial_features"), Fail("x"), [])
    assert rec.upstream_failed(bank("linear_regression").upstream, "convergence.lstsq") == []
    rec.add(_spec("shape.repeatable", "shape", "mse_gradients"), Fail("x", mistakes=["stale-gradient-state"]), [])
    assert rec.upstream_failed(bank("linear_regression").upstream, "convergence.lstsq")


# --------------------------------------------------------------------------- the corpus, end to end

#: (file name) -> why the expected id cannot be named from what the checks can observe. Keep it empty
#: unless the mistake is genuinely invisible; every entry is an xfail with this reason, never a skip.
IMPOSSIBLE: dict[str, str] = {
    "combo-activation-derivative-at-output+bias-not-summed_two_hidden_mlp.py":
        "the unsummed bias fails the gradient's shape before its values are compared: naming the derivative "
        "too needs diagnosis per parameter block, which the grader does not do yet",
}

CASES = share.corpus_cases(ROOT, tuple(a for a in ASSIGNMENTS if a in available()))


@pytest.fixture(scope="module")
def outcomes() -> dict[str, share.Outcome]:
    """Every corpus file graded once, two at a time."""
    return {o.case.path: o for o in share.grade_all(CASES, jobs=2)}


MISTAKE_CASES = [c for c in CASES if c.expected is not None]
CORRECT_CASES = [c for c in CASES if c.expected is None]


def _mark(case: share.Case):
    reason = IMPOSSIBLE.get(Path(case.path).name)
    return pytest.param(case, id=case.path, marks=pytest.mark.xfail(reason=reason, strict=True) if reason else ())


@pytest.mark.corpus_wide
@pytest.mark.parametrize("case", [_mark(c) for c in MISTAKE_CASES])
def test_each_corpus_mistake_is_named_with_its_id(outcomes, case):
    o = outcomes[case.path]
    assert not o.internal_errors, o.internal_errors
    assert o.right, f"expected {case.expected}; the checks named {o.by_check}"
    assert not o.wrong, f"also named {o.wrong}, which the file does not make; {o.by_check}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.path) for c in CORRECT_CASES])
def test_no_correct_variant_names_a_mistake_or_loses_a_point(outcomes, case):
    o = outcomes[case.path]
    assert not o.internal_errors, o.internal_errors
    assert o.named == [], o.by_check
    assert o.status == "graded" and o.lost == 0, (o.status, o.lost, o.by_check)


def test_the_share_script_reports_every_assignment(outcomes):
    text, ok = share.table(list(outcomes.values()))
    assert ok, text
    for a in {c.assignment for c in MISTAKE_CASES}:
        assert a in text
    assert "correct variants" in text and "with an id named or a point lost (must be 0)" in text


def test_the_corpus_is_never_pointed_at_a_right_line(outcomes):
    """Over every single-mistake corpus file with labelled lines: no line pointed at is one that is right,
    and the files pointed at their mistake's line stay where they were measured (105 of 116 when this was
    written, 101 before the fourth round of repair edits, 97 before a line was found by repairing the file (``grader/diagnosis/repair.py``), 93 before a gradient divided again, an adaptive step and a loss off by a whole count were pointed at
    and a helper given labels was judged with them as integers, 91 before a too-large scale was followed to where it is set and an extra activation was pointed
    at, 89 before a Value engine's one-operation method was pointed at, 82 before exp overflows, extra axes, reshaped products and p * (1 - p) were pointed at from the
    traced calls, 78 before too-large weights and a decaying rate were pointed at from init_params' trace and the
    training loop's structure, 75 before unnamed values the answer computes counted as right inputs; 61 before overwritten accumulators were found from the structure and helpers named for a
    derivative were judged by it; 21 with 8 at a right line before ``first_departure``'s rules were tightened)."""
    text, right, wrong, files = share.lines_table(list(outcomes.values()))
    assert files >= 110, text
    assert wrong == 0, text
    assert right >= 105, text
    by_path = {path: o.pointed for path, o in outcomes.items()}
    # the cases that once pointed at a right line: the selecting line, the method, the helper, not a caller
    assert by_path["tests/corpus/mnist_softmax/mistakes/wrong-layer-input_mnist_softmax.py"] == [58]
    assert by_path["tests/corpus/two_hidden_mlp/mistakes/wrong-layer-input_two_hidden_mlp.py"] == [148]
    # a class's method: inside it, never the call site (69); values cannot yet tell its input is right
    assert set(by_path["tests/corpus/mnist_softmax/mistakes/wrong-activation-derivative_mnist_softmax.py"]) <= {23}
    assert by_path["tests/corpus/xor_mlp/mistakes/wrong-activation-derivative_xor_mlp.py"] == [19]
    assert by_path["tests/corpus/xor_mlp/mistakes/not-implemented_xor_mlp.py"] == [43]  # the raise
    assert by_path["tests/corpus/linear_regression/mistakes/mutates-input_linear_regression.py"] == [30]
    assert by_path["tests/corpus/xor_mlp/mistakes/symmetric-init_xor_mlp.py"] == [20]  # the dict's entry
    assert by_path["tests/corpus/linear_regression/mistakes/learning-rate-too-high_linear_regression.py"] == [23]
    assert by_path["tests/corpus/xor_mlp/mistakes/update-rule_xor_mlp.py"] == [63]  # params[k] += lr * grads[k]
    assert by_path["tests/corpus/xor_mlp/mistakes/wrong-loss_xor_mlp.py"] == [31]  # the return, from right inputs
    assert by_path["tests/corpus/mnist_softmax/mistakes/skips-samples_mnist_softmax.py"] == [67]  # N // batch_size
    assert by_path["tests/corpus/linear_regression/mistakes/stale-gradient-state_linear_regression.py"] == [20]


def test_an_adaptive_first_step_is_a_wrong_update_rule():
    """Adagrad, RMSprop and Adam from empty state move every entry the same amount against the sign of the
    gradient on their first step: ``sign_step`` finds ``k``; a plain step, a step of another rate, and a
    gradient whose entries are all about one size (where a plain step looks the same) give None."""
    from grader.checks.common import sign_step

    g = {"W": np.array([[0.5, -2.0], [0.05, 3.0]]), "b": np.array([-0.2, 1.0])}
    start = {k: np.ones_like(v) for k, v in g.items()}
    lr = 0.1

    def after(step):
        return {k: start[k] + step(v) for k, v in g.items()}

    rms = after(lambda v: -lr * v / np.sqrt(0.1 * v ** 2 + 1e-8))
    assert abs(sign_step(start, rms, g, lr) - 10 ** 0.5) < 1e-3
    adagrad = after(lambda v: -lr * v / np.sqrt(v ** 2 + 1e-8))
    assert abs(sign_step(start, adagrad, g, lr) - 1.0) < 1e-3
    assert sign_step(start, after(lambda v: -lr * v), g, lr) is None
    assert sign_step(start, after(lambda v: -3 * lr * v), g, lr) is None
    assert sign_step(start, after(lambda v: lr * np.sign(v)), g, lr) is None  # up the gradient: not this
    flat = {"W": np.array([[1.0, -1.0], [1.0, 1.0]]), "b": np.array([-1.0, 1.0])}
    assert sign_step(start, {k: start[k] - lr * np.sign(v) for k, v in flat.items()}, flat, lr) is None


def test_a_helper_given_labels_is_judged_with_them_as_integers():
    """The trace keeps arguments as floats; a ``one_hot(y, K)`` helper is tried with them as integers (``np.eye(K)
    [y]``), so a right one is right, not wrong (a wrong one made every line that called it unpointable)."""
    from grader.diagnosis.lines import _gives

    def one_hot(y, K):
        return np.eye(K)[y]

    y, K = np.array([0.0, 2.0, 1.0]), np.array([3.0])
    assert _gives(one_hot, [y, K], np.eye(3)[[0, 2, 1]], 1e-9) is True
    assert _gives(one_hot, [y, K], np.eye(3)[[0, 1, 1]], 1e-9) is False
    assert _gives(one_hot, [np.array([0.5]), np.array([3.5])], np.eye(3), 1e-9) is None  # takes them in no form


def test_momentum_is_a_wrong_update_rule_seen_on_the_second_step():
    """Momentum's first step is the plain one; its second adds ``mu`` times the first gradient. ``momentum_step``
    finds ``mu``; a plain second step, a first step that is not plain, and a second step off in another way give
    None."""
    from grader.checks.common import momentum_step

    rng = np.random.default_rng(0)
    g0 = {"W": rng.normal(size=(3, 2)), "b": rng.normal(size=2)}
    g1 = {k: rng.normal(size=v.shape) for k, v in g0.items()}
    p0 = {k: rng.normal(size=v.shape) for k, v in g0.items()}
    lr, mu = 0.1, 0.9
    p1 = {k: p0[k] - lr * g0[k] for k in p0}
    heavy = {k: p1[k] - lr * (g1[k] + mu * g0[k]) for k in p0}
    assert abs(momentum_step(p0, p1, heavy, g0, g1, lr, 1e-9) - mu) < 1e-9
    plain = {k: p1[k] - lr * g1[k] for k in p0}
    assert momentum_step(p0, p1, plain, g0, g1, lr, 1e-9) is None
    assert momentum_step(p0, {k: p0[k] - 2 * lr * g0[k] for k in p0}, heavy, g0, g1, lr, 1e-9) is None
    other = {k: p1[k] - lr * (g1[k] + mu * g1[k] ** 2) for k in p0}
    assert momentum_step(p0, p1, other, g0, g1, lr, 1e-9) is None
    case = share.Case("tests/corpus/two_hidden_mlp/realistic/two_hidden_mlp_upd2_b06_momentum.py", "two_hidden_mlp",
                      "update-rule", "realistic")
    assert share.grade_case(case).named == ["update-rule"]  # named nothing before
    case = share.Case("tests/corpus/linear_regression/realistic/linear_regression_heavy_ball.py", "linear_regression",
                      "update-rule", "realistic")
    assert share.grade_case(case).named == ["update-rule"]  # linear regression's own one-epoch test
