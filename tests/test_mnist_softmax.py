"""mnist_softmax end to end: the model answer, the stubs, planted mistakes and the corpus.

Every file is graded once, two at a time, by a module-scoped pool; each test
waits only for the results it reads. Planted mistakes live in
``tests/mutants_xor_mnist/<mistake>_mnist_softmax.py`` (the solution with one
mistake); the corpus files are picked up by glob, so new ones are tested
without editing this module. (ReLU's derivative at the output equals the one
at the input, so ``activation-derivative-at-output`` is no mistake here.)
"""
from __future__ import annotations

import json
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, failed

from assignments.mnist_softmax import checks
from grader import registry
from grader.checks.base import Context, Fail
from grader.checks.networks import kink_free
from grader.discover import Submission
from grader.results import CATEGORIES, SubmissionResult
from grader.runner import grade_submission

A = "mnist_softmax"
MUTANTS = ROOT / "tests" / "mutants_xor_mnist"
CORPUS = ROOT / "tests" / "corpus" / A
REFERENCE = ROOT / "solutions" / f"{A}.py"
STUBS = [ROOT / "assignments" / A / f"{A}.py", ROOT / "assignments" / A / f"{A}.ipynb"]
CORRECT = sorted(p for p in (CORPUS / "correct").glob(f"*{A}*") if p.suffix in (".py", ".ipynb"))
MISTAKES = sorted(p for p in (CORPUS / "mistakes").glob(f"*{A}*") if p.suffix in (".py", ".ipynb"))

# mistake: (checks that must fail, checks that must pass, {check: mistake id it must name})
PLANTED = {
    "softmax-diagonal-jacobian": (
        {"gradient.numerical", "gradient.reference", "training.train", "convergence.mnist"},
        {"forward.forward", "forward.softmax", "shape.outputs", "training.init_params"},
        {"gradient.numerical": "softmax-diagonal-jacobian", "gradient.reference": "softmax-diagonal-jacobian"}),
    "unstable-softmax": (
        {"forward.softmax", "forward.forward"},
        {"gradient.numerical", "gradient.reference", "training.train", "convergence.mnist"},
        {"forward.softmax": "unstable-softmax", "forward.forward": "unstable-softmax"}),
    "bias-not-summed": (
        {"gradient.numerical", "gradient.reference", "training.train"},
        {"forward.forward", "shape.outputs"},
        {"gradient.numerical": "bias-not-summed", "gradient.reference": "bias-not-summed"}),
    "gradient-sign": (
        {"gradient.numerical", "gradient.reference", "training.train", "convergence.mnist"},
        {"forward.forward", "forward.cross_entropy", "shape.outputs", "training.init_params"},
        {"gradient.numerical": "gradient-sign", "gradient.reference": "gradient-sign"}),
    "wrong-layer-input": (  # equal hidden widths: right shapes, wrong values
        {"gradient.numerical", "gradient.reference", "training.train"},
        {"shape.outputs", "forward.forward", "convergence.mnist"},
        {"gradient.numerical": "wrong-layer-input", "gradient.reference": "wrong-layer-input"}),
    "update-rule": (
        {"training.train", "convergence.mnist"},
        {"gradient.numerical", "gradient.reference", "forward.forward", "shape.outputs"},
        {"training.train": "update-rule"}),
    "symmetric-init": (
        {"training.init_params"},
        {"gradient.reference", "training.train", "convergence.mnist", "shape.outputs"},
        {"training.init_params": "symmetric-init"}),
    "transposed-gradient": (  # reshaped transposes: square blocks transposed, the others scrambled
        {"gradient.numerical", "gradient.reference", "training.train"},
        {"forward.forward", "shape.outputs", "training.init_params"},
        {"gradient.numerical": "transposed-gradient", "gradient.reference": "transposed-gradient"}),
}


def _grade(path: Path, shared: dict) -> SubmissionResult:
    return grade_submission(Submission(path, path.stem, A), shared=shared)


class Graded:
    """Results by path, graded in the background two at a time."""

    def __init__(self, paths: list[Path]) -> None:
        shared: dict = {}
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.futures: dict[Path, Future] = {p: self.pool.submit(_grade, p, shared) for p in dict.fromkeys(paths)}

    def __getitem__(self, path: Path) -> SubmissionResult:
        result = self.futures[path].result(timeout=600)
        assert not result.internal_errors, result.internal_errors
        return result


@pytest.fixture(scope="module")
def graded():
    planted = [MUTANTS / f"{m}_{A}.py" for m in PLANTED]
    g = Graded([REFERENCE, *planted, *CORRECT, *STUBS, *MISTAKES])
    yield g
    g.pool.shutdown(wait=False, cancel_futures=True)


def lost(result: SubmissionResult) -> set[str]:
    """Categories in which the submission lost points."""
    return {c.category for c in result.checks if c.points < c.max_points}


def manifest() -> dict[str, dict]:
    """Corpus manifest entries for this assignment, by file name (the manifests are optional)."""
    out = {}
    for path in sorted((ROOT / "tests" / "corpus").glob("manifest_*.json")):
        for entry in json.loads(path.read_text()):
            if entry.get("assignment") == A:
                out[Path(entry["path"]).name] = entry
    return out


# --------------------------------------------------------------------------- the checks module


def test_checks_cover_every_category_and_add_up_to_100():
    assert sum(c.points for c in checks.CHECKS) == 100
    assert {c.category for c in checks.CHECKS} == set(CATEGORIES)
    assert len({c.id for c in checks.CHECKS}) == len(checks.CHECKS)


def test_gradient_points_are_away_from_relu_kinks_and_the_clip():
    """No ReLU input within 0.02 of 0 or flipped by a float32 finite-difference step; 0, 1, 2, 3 hidden layers."""
    ctx = Context(None, registry.reference(A), A)
    layers = set()
    for name in checks.POINTS:
        pt = checks.point(ctx, name)
        (X,), y = pt.inputs, pt.target
        assert len(X) in (5, 6, 7), name
        assert np.all(X != 0)
        assert all(np.all(pt.params[k] != 0) for k in pt.params if k.startswith("b")), name
        assert kink_free(lambda q, X=X: checks._preacts(q, X), pt.params, 1e-2, 0.02), name
        P = ctx.ref.forward(pt.params, X)[0]
        assert np.min(P[np.arange(len(y)), y]) > 1e-3, name
        layers.add(len(pt.params) // 2 - 1)
    assert layers == {0, 1, 2, 3}
    deep = checks.point(ctx, "deep").params
    assert deep["W2"].shape == deep["W3"].shape == (4, 4)  # equal widths: another layer's input fits


def test_reference_passes_the_convergence_threshold_with_a_margin():
    ctx = Context(None, registry.reference(A), A)
    run = checks._reference_run(ctx)
    assert run["accuracy"] >= checks.THRESHOLD + 0.03, run["accuracy"]
    assert run["losses"][-1] < run["losses"][0] / 4


class _Trains:
    """A student session for ``check_convergence`` alone: ``train`` is the model answer's, except that the calls
    in ``idle`` hand the parameters back untouched, and each call reports ``cpu[i]`` processor seconds."""

    def __init__(self, idle: range = range(0), cpu: list[float] | None = None) -> None:
        self.ref, self.idle, self.cpu, self.calls = registry.reference(A), idle, cpu, 0

    def batch(self, calls, drop=()):
        from grader.sandbox.session import Returned, Rng
        out = []
        for call in calls:
            assert call.fn == "train"
            params, X, y, lr, epochs, batch, rng = call.args
            i, self.calls = self.calls, self.calls + 1
            value = ((params, [2.3, 2.3]) if i in self.idle else
                     self.ref.train(params, X.copy(), y, lr, epochs, batch, np.random.default_rng(rng.seed)))
            out.append(Returned(value, 0.01, cpu_seconds=self.cpu[i] if self.cpu else 0.01))
        return out


def _converge(student: _Trains) -> str | None:
    """Run the convergence check on ``student``: None if it passes, else its message."""
    ctx = Context(student, registry.reference(A), A, check_id="convergence.mnist")
    try:
        checks.check_convergence(ctx)
    except Fail as exc:
        return str(exc)
    return None


def test_convergence_stops_after_two_epochs_when_the_bar_is_met():
    """A correct train passes after six calls (two epochs of three chunks): the third epoch is not run."""
    student = _Trains()
    assert _converge(student) is None
    assert student.calls == 6


def test_convergence_that_misses_the_bar_after_two_epochs_runs_the_third_and_is_judged_on_it():
    """A train that learns nothing in its second epoch is below the bar after two (one epoch's accuracy, about
    83%): it gets its third epoch, and passes on where that one ends."""
    student = _Trains(idle=range(3, 6))
    assert _converge(student) is None
    assert student.calls == 9


def test_convergence_over_its_share_of_the_time_budget_runs_the_third_epoch():
    """Two epochs right but in 20.4 s of the 30 s budget (more than two thirds): no early pass. The third epoch
    is run, and the whole run, within the budget, passes."""
    student = _Trains(cpu=[3.4] * 6 + [0.5] * 3)
    assert _converge(student) is None
    assert student.calls == 9
    slow = _Trains(cpu=[3.4] * 6 + [4.0] * 3)  # and one that ends over the budget is judged so, as before
    assert "over the budget" in (_converge(slow) or "")


# --------------------------------------------------------------------------- model answer and stubs


def test_model_answer_gets_full_marks(graded):
    result = graded[REFERENCE]
    assert result.status == "graded"
    assert result.max_score == 100
    assert result.score == 100, failed(result)
    assert {c.category for c in result.checks} == set(CATEGORIES)
    assert all(not c.mistakes for c in result.checks)


@pytest.mark.parametrize("stub", STUBS, ids=lambda p: p.name)
def test_stub_gets_zero_and_every_check_says_not_implemented(graded, stub):
    result = graded[stub]
    assert result.status == "graded"
    assert result.score == 0
    for check in result.checks:
        assert not check.passed
        assert "not implemented" in check.message, (check.id, check.message)
        assert check.mistakes == ["not-implemented"], (check.id, check.mistakes)


# --------------------------------------------------------------------------- planted mistakes


@pytest.mark.parametrize("mistake", sorted(PLANTED))
def test_planted_mistake_loses_points_where_it_shows_and_is_named(graded, mistake):
    must_fail, must_pass, named = PLANTED[mistake]
    result = graded[MUTANTS / f"{mistake}_{A}.py"]
    fails = failed(result)
    assert result.status == "graded"
    assert result.score < 100
    assert must_fail <= set(fails), fails
    assert not (must_pass & set(fails)), fails
    for check, mid in named.items():
        assert mid in fails[check], (check, fails[check])


def test_planted_files_differ_from_the_solution_in_a_few_lines_only():
    solution = REFERENCE.read_text().splitlines()
    for mistake in PLANTED:
        planted = (MUTANTS / f"{mistake}_{A}.py").read_text().splitlines()
        changed = len(set(planted) ^ set(solution))
        assert 1 < changed <= 12, (mistake, changed)


def test_gradient_message_names_the_wrong_and_the_right_blocks(graded):
    check = next(c for c in graded[MUTANTS / f"wrong-layer-input_{A}.py"].checks if c.id == "gradient.reference")
    assert check.message.startswith("`backward`: the gradient of W2 (")
    assert "W1, b1, b2, b3, W4, b4 are right" in check.message
    assert "5-4-4-4-3 network" in check.message
    rows = {r[0]: r for r in check.details["table"]["rows"]}
    assert rows["W3"][3] == "wrong" and rows["W4"][3] == "ok"


def test_convergence_failure_reports_the_accuracy_and_the_reference(graded):
    check = next(c for c in graded[MUTANTS / f"gradient-sign_{A}.py"].checks if c.id == "convergence.mnist")
    assert "held-out images is" in check.message and "the reference reaches" in check.message
    assert check.details["curves"][0]["series"][1]["name"] == "reference"


def test_scores_are_deterministic(graded):
    path = MUTANTS / f"bias-not-summed_{A}.py"
    again = grade_submission(Submission(path, "again", A))
    assert not again.internal_errors, again.internal_errors
    first = graded[path]
    assert [(c.id, c.points, c.message) for c in first.checks] == [(c.id, c.points, c.message) for c in again.checks]


# --------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize("path", CORRECT, ids=lambda p: p.name)
def test_correct_solution_in_another_style_gets_full_marks(graded, path):
    result = graded[path]
    assert result.status == "graded", result.message
    assert result.score == 100, failed(result)


@pytest.mark.parametrize("path", MISTAKES, ids=lambda p: p.name)
def test_corpus_mistake_loses_points_in_its_categories(graded, path):
    result = graded[path]
    assert result.score < 100, path.name
    entry = manifest().get(path.name)
    if entry:
        assert set(entry.get("categories", [])) <= lost(result), (entry.get("categories"), failed(result))
