"""Code that computes nothing earns nothing (the rule: grader/checks/common.py, README "What is checked").

``tests/hostile/nothing/<kind>_<assignment>.py`` defines every contract function of an assignment and
computes nothing with it:

- ``constant``: every function returns ``(0, 0)``;
- ``zeros``: zeros of the contract's shapes (dicts, loss lists and all), init_params ignoring rng;
- ``identity``: the inputs handed back, arranged to the contract where they fit (backward and train return
  params, standardize returns X; linear regression's "loss" is the one whose gradient is (w, b), so the two
  agree under finite differences);
- ``nan`` / ``inf``: NaN or infinite arrays of the contract's shapes, init_params too;
- ``noise``: the same pseudo-random numbers of the right shapes whatever the inputs, init_params from its own
  generator;
- ``rows``: every row the same, made from the parameters alone (never from the data); init_params draws one
  number from rng and gives it to every weight.

Each scores 0 of 100 (before the rule: 16 to 35), and the model answer still scores 100. Every file is
graded once, two at a time, by a module-scoped pool.
"""
from __future__ import annotations

import importlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, failed

from grader import registry
from grader.checks.base import Context
from grader.discover import Submission
from grader.results import SubmissionResult
from grader.runner import grade_submission


def module(name: str):
    """An assignment's checks module."""
    return importlib.import_module(f"assignments.{name}.checks")

ASSIGNMENTS = ("linear_regression", "xor_mlp", "mnist_softmax", "rnn")
NETWORKS = ASSIGNMENTS[1:]
KINDS = ("constant", "zeros", "identity", "nan", "inf", "noise", "rows")
NOTHING = ROOT / "tests" / "hostile" / "nothing"

NAN_INIT = {  # appended to a model answer: init_params ignores rng and returns NaN of the contract's shapes
    "xor_mlp": "def init_params(n_in, n_hidden, n_out, rng):\n"
               "    return {'W1': np.full((n_in, n_hidden), np.nan), 'b1': np.full(n_hidden, np.nan),\n"
               "            'W2': np.full((n_hidden, n_out), np.nan), 'b2': np.full(n_out, np.nan)}\n",
    "mnist_softmax": "def init_params(layer_sizes, rng):\n"
                     "    return {k: np.full(s, np.nan) for l in range(1, len(layer_sizes)) for k, s in\n"
                     "            ((f'W{l}', (layer_sizes[l - 1], layer_sizes[l])), (f'b{l}', (layer_sizes[l],)))}\n",
    "rnn": "def init_params(n_in, n_hidden, n_out, rng):\n"
           "    return {'Wxh': np.full((n_in, n_hidden), np.nan), 'Whh': np.full((n_hidden, n_hidden), np.nan),\n"
           "            'bh': np.full(n_hidden, np.nan), 'Why': np.full((n_hidden, n_out), np.nan),\n"
           "            'by': np.full(n_out, np.nan)}\n",
}
#: appended to the zeros file: one function computes, the others return zeros
ONE_RIGHT = "\n\ndef predict(X, w, b):\n    return X @ w + b\n"


def _assignment(path: Path) -> str:
    return next(a for a in ASSIGNMENTS if path.stem.endswith(a))


class Graded:
    """Results by path, graded in the background two at a time (reference results shared per process)."""

    def __init__(self, paths: list[Path]) -> None:
        shared: dict = {}
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.futures: dict[Path, Future] = {
            p: self.pool.submit(lambda p=p: grade_submission(Submission(p, p.stem, _assignment(p)), shared=shared))
            for p in paths}

    def __getitem__(self, path: Path) -> SubmissionResult:
        result = self.futures[path].result(timeout=600)
        assert not result.internal_errors, result.internal_errors
        return result


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    """Model answers with one thing changed, written once."""
    tmp = tmp_path_factory.mktemp("nothing")
    out = {}
    for a, init in NAN_INIT.items():
        path = tmp / f"nan_init_{a}.py"
        path.write_text((ROOT / "solutions" / f"{a}.py").read_text() + "\n\n" + init)
        out[f"nan_init_{a}"] = path
    path = tmp / "one_right_linear_regression.py"
    path.write_text((NOTHING / "zeros_linear_regression.py").read_text() + ONE_RIGHT)
    out["one_right"] = path
    return out


@pytest.fixture(scope="module")
def graded(written):
    paths = [NOTHING / f"{k}_{a}.py" for a in ASSIGNMENTS for k in KINDS]
    paths += [ROOT / "solutions" / f"{a}.py" for a in ASSIGNMENTS] + list(written.values())
    g = Graded(paths)
    yield g
    g.pool.shutdown(wait=False, cancel_futures=True)


def _earned(result: SubmissionResult) -> dict[str, tuple[float, str]]:
    return {c.id: (c.points, c.message) for c in result.checks if c.points > 0}


def test_every_kind_of_nothing_has_a_file_for_every_assignment():
    for a in ASSIGNMENTS:
        for k in KINDS:
            assert (NOTHING / f"{k}_{a}.py").is_file(), (k, a)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_computing_nothing_scores_zero_while_the_model_answer_scores_100(graded, assignment, kind):
    model = graded[ROOT / "solutions" / f"{assignment}.py"]
    assert model.score == 100, failed(model)
    result = graded[NOTHING / f"{kind}_{assignment}.py"]
    assert result.status == "graded", result.message
    assert result.score == 0, _earned(result)


@pytest.mark.parametrize("assignment", NETWORKS)
def test_init_params_returning_nan_and_ignoring_rng_fails_the_init_and_shape_checks(graded, written, assignment):
    """NaN compares unequal to everything: it used to pass the seeded, symmetry and saturation tests."""
    result = graded[written[f"nan_init_{assignment}"]]
    assert set(failed(result)) == {"training.init_params", "shape.outputs"}, failed(result)
    for check in result.checks:
        if check.id in ("training.init_params", "shape.outputs"):
            assert check.points == 0 and "NaN or infinite" in check.message, (check.id, check.message)


def test_one_function_that_computes_earns_the_api_points_and_its_own_share(graded, written):
    """The documented rule at work: api comes with the first right function; the bookkeeping checks pay
    per function that computes; the zeros earn nothing."""
    result = graded[written["one_right"]]
    points = {c.id: c.points for c in result.checks}
    assert points["api.functions"] == 10
    assert points["forward.predict"] == 6
    assert points["shape.outputs"] == pytest.approx(6 / 7, abs=1e-3)
    assert points["shape.no_mutation"] == pytest.approx(4 / 7, abs=1e-3)
    assert points["gradient.repeatable"] == 0 and points["gradient.numerical"] == 0
    assert result.score == pytest.approx(16 + 10 / 7, abs=1e-2)
    shape = next(c for c in result.checks if c.id == "shape.outputs")
    assert "`mse_loss` returns the same value for different inputs" in shape.message, shape.message


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_probes_tell_computing_from_not_computing(assignment):
    """At the two probe inputs the reference's results are finite, differ, and are not its arguments handed
    back: so a correct function is never judged as computing nothing, and a constant always is."""
    from grader.checks.common import _handed_back, _same, finite

    checks = module(assignment)
    probes = checks.probes(Context(None, registry.reference(assignment), assignment))
    assert {p.fn for p in probes} == set(checks.FUNCTIONS) - {"init_params"}
    for p in probes:
        a, b = p.want
        assert finite(a) and finite(b), p.fn
        assert not _same(a, b), f"{p.fn}: the reference gives the same result at both probe inputs"
        assert not any(_handed_back(w, args) for w, args in zip(p.want, p.args)), p.fn
        assert len(p.calls[0]) == len(p.calls[1]) and p.calls[0][-1].fn == p.fn


def test_xor_predict_is_checked_where_the_reference_predicts_both_classes():
    """A predict that returns the same row for every input cannot match the reference."""
    checks = module("xor_mlp")
    ctx = Context(None, registry.reference("xor_mlp"), "xor_mlp")
    ctx.check_id = "forward.predict"
    X = ctx.rng().normal(0, 1.5, (40, 3))
    params = checks._straddling(ctx.ref, checks.point(ctx, "wide").params, X)
    predicted = ctx.ref.predict(params, X)
    assert np.all(predicted.min(axis=0) == 0) and np.all(predicted.max(axis=0) == 1)
