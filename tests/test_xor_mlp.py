"""xor_mlp end to end: the model answer, the stubs, planted mistakes and the corpus.

Every file is graded once, two at a time, by a module-scoped pool; each test
waits only for the results it reads. Planted mistakes live in
``tests/mutants_xor_mnist/<mistake>_xor_mlp.py`` (the solution with one
mistake); the corpus files are picked up by glob, so new ones are tested
without editing this module.
"""
from __future__ import annotations

import json
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, failed, grade_file

from assignments.xor_mlp import checks
from grader import registry
from grader.checks.base import Context
from grader.discover import Submission
from grader.results import CATEGORIES, SubmissionResult
from grader.runner import grade_submission

A = "xor_mlp"
MUTANTS = ROOT / "tests" / "mutants_xor_mnist"
CORPUS = ROOT / "tests" / "corpus" / A
REFERENCE = ROOT / "solutions" / f"{A}.py"
STUBS = [ROOT / "assignments" / A / f"{A}.py", ROOT / "assignments" / A / f"{A}.ipynb"]
CORRECT = sorted(p for p in (CORPUS / "correct").glob(f"*{A}*") if p.suffix in (".py", ".ipynb"))
MISTAKES = sorted(p for p in (CORPUS / "mistakes").glob(f"*{A}*") if p.suffix in (".py", ".ipynb"))

# mistake: (checks that must fail, checks that must pass, {check: mistake id it must name})
PLANTED = {
    "activation-derivative-at-output": (
        {"gradient.numerical", "gradient.reference", "training.train"},
        {"forward.forward", "forward.sigmoid_derivative", "shape.outputs", "training.init_params"},
        {"gradient.numerical": "activation-derivative-at-output",
         "gradient.reference": "activation-derivative-at-output"}),
    "bias-not-summed": (
        {"gradient.numerical", "gradient.reference", "training.train"},
        {"forward.forward", "shape.outputs", "convergence.xor"},
        {"gradient.numerical": "bias-not-summed", "gradient.reference": "bias-not-summed"}),
    "gradient-sign": (
        {"gradient.numerical", "gradient.reference", "training.train", "convergence.xor"},
        {"forward.forward", "forward.mse_loss", "shape.outputs", "training.init_params"},
        {"gradient.numerical": "gradient-sign", "gradient.reference": "gradient-sign"}),
    "wrong-layer-input": (
        {"shape.outputs", "gradient.numerical", "gradient.reference"},
        {"forward.forward", "training.init_params"},
        {"shape.outputs": "wrong-layer-input", "gradient.numerical": "wrong-layer-input",
         "gradient.reference": "wrong-layer-input"}),
    "update-rule": (
        {"training.train", "convergence.xor"},
        {"gradient.numerical", "gradient.reference", "forward.forward", "shape.outputs"},
        {"training.train": "update-rule"}),
    "symmetric-init": (
        {"training.init_params"},
        {"gradient.reference", "training.train", "convergence.xor", "shape.outputs"},
        {"training.init_params": "symmetric-init"}),
    "mutates-input": (  # backward changes Y in place: its gradients are right, the caller's targets are not
        {"shape.no_mutation", "training.train", "convergence.xor"},
        {"gradient.numerical", "gradient.reference", "forward.forward"},
        {"shape.no_mutation": "mutates-input", "training.train": "mutates-input",
         "convergence.xor": "mutates-input"}),
    "transposed-gradient": (
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


def test_gradient_points_avoid_the_degenerate_cases():
    """Batches of 5-6 (never 4), nonzero biases, moderate pre-activations, a square layer."""
    ctx = Context(None, registry.reference(A), A)
    for name in ("square", "square2", "wide", "xor"):
        pt = checks.point(ctx, name)
        (X,) = pt.inputs
        assert len(X) in (5, 6), name
        assert np.all(pt.params["b1"] != 0) and np.all(pt.params["b2"] != 0), name
        assert checks._moderate(ctx.ref, pt), name
    assert checks.point(ctx, "square").params["W1"].shape == (3, 3)
    assert checks.point(ctx, "xor").params["W1"].shape == (2, 2)


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


def test_backward_that_changes_its_targets_is_named_not_train_that_calls_it(graded):
    result = graded[MUTANTS / f"mutates-input_{A}.py"]
    (check,) = [c for c in result.checks if c.id == "shape.no_mutation"]
    assert "`backward`" in check.message and "Y" in check.message, check.message


def test_planted_files_differ_from_the_solution_in_a_few_lines_only():
    solution = REFERENCE.read_text().splitlines()
    for mistake in PLANTED:
        planted = (MUTANTS / f"{mistake}_{A}.py").read_text().splitlines()
        changed = len(set(planted) ^ set(solution))
        assert 1 < changed <= 12, (mistake, changed)


def test_gradient_message_names_the_wrong_and_the_right_blocks(graded):
    check = next(c for c in graded[MUTANTS / f"transposed-gradient_{A}.py"].checks if c.id == "gradient.reference")
    assert check.message.startswith("`backward`: the gradient of W2 (")
    assert "differs from the reference" in check.message
    assert "W1, b1, b2 are right" in check.message
    rows = {r[0]: r for r in check.details["table"]["rows"]}
    assert rows["W2"][3] == "wrong" and rows["W1"][3] == "ok"
    assert [h["title"] for h in check.details["heatmaps"]] == ["W2: relative error per entry"]
    assert check.expected and check.got


def test_training_failure_shows_the_loss_curves(graded):
    check = next(c for c in graded[MUTANTS / f"update-rule_{A}.py"].checks if c.id == "training.train")
    curve = check.details["curves"][0]
    assert [s["name"] for s in curve["series"]] == ["yours", "reference"]
    assert "after epoch 1" in check.message


def test_convergence_gives_partial_credit_per_starting_point(graded):
    check = next(c for c in graded[MUTANTS / f"activation-derivative-at-output_{A}.py"].checks
                 if c.id == "convergence.xor")
    assert "starting points" in check.message
    assert check.points in {0.0, 3.75, 7.5, 11.25, 15.0}


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


def test_zero_loss_and_zero_gradients_do_not_pass_the_finite_difference_check(tmp_path):
    source = (ROOT / "solutions" / "xor_mlp.py").read_text() + (
        "\ndef mse_loss(Y_hat, Y):\n    return 0.0\n"
        "\ndef backward(params, cache, Y):\n    return {k: np.zeros_like(v) for k, v in params.items()}\n")
    path = tmp_path / "zeros_xor_mlp.py"
    path.write_text(source)
    result = grade_file(path, A)
    numerical = next(c for c in result.checks if c.id == "gradient.numerical")
    assert not numerical.passed and "does not change when the parameters do" in numerical.message
