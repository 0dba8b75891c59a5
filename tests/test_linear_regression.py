"""Linear regression, end to end: the model answer, the stub, planted mistakes."""
from __future__ import annotations

import pytest

from conftest import ROOT, failed, grade_file, planted

A = "linear_regression"


@pytest.fixture(scope="module")
def reference():
    return grade_file(ROOT / "solutions" / f"{A}.py", A, "reference")


def test_model_answer_gets_full_marks(reference):
    assert reference.status == "graded"
    assert reference.max_score == 100
    assert reference.score == 100, failed(reference)
    assert {c.category for c in reference.checks} == {"api", "shape", "forward", "gradient", "training",
                                                       "convergence"}
    assert all(not c.mistakes for c in reference.checks)


@pytest.mark.parametrize("stub", [f"{A}.py", f"{A}.ipynb"])
def test_stub_gets_zero_and_every_check_says_not_implemented(stub):
    result = grade_file(ROOT / "assignments" / A / stub, A)
    assert result.status == "graded"
    assert result.score == 0
    for check in result.checks:
        assert not check.passed
        assert "not implemented" in check.message, (check.id, check.message)
        assert check.mistakes == ["not-implemented"]


PLANTED = {
    # id: (old, new, checks that must fail, checks that must pass)
    "gradient-sign": ("r = predict(X, w, b) - y\n", "r = y - predict(X, w, b)\n",
                      {"gradient.numerical", "gradient.reference", "training.gradient_descent", "convergence.lstsq"},
                      {"forward.predict", "forward.mse_loss", "training.sgd"}),
    "gradient-scale": ("dw = (2.0 / N) * (X.T @ r)", "dw = 2.0 * (X.T @ r)",
                       {"gradient.numerical", "gradient.reference", "training.gradient_descent"},
                       {"forward.predict", "forward.mse_loss", "training.sgd"}),
    "skips-samples": ("for i in rng.permutation(N):", "for i in rng.permutation(N)[: N - 1]:",
                      {"training.sgd"},
                      {"gradient.numerical", "gradient.reference", "training.gradient_descent", "convergence.lstsq"}),
}


@pytest.mark.parametrize("mistake", sorted(PLANTED))
def test_planted_mistake_loses_points_where_it_shows(tmp_path, mistake):
    old, new, must_fail, must_pass = PLANTED[mistake]
    result = grade_file(planted(tmp_path, A, old, new, mistake), A)
    fails = failed(result)
    assert result.status == "graded"
    assert result.score < 100
    assert must_fail <= set(fails), fails
    assert not (must_pass & set(fails)), fails


def test_gradient_sign_and_scale_are_named_by_their_relation(tmp_path):
    for mistake in ("gradient-sign", "gradient-scale"):
        old, new, *_ = PLANTED[mistake]
        result = grade_file(planted(tmp_path, A, old, new, mistake), A)
        assert mistake in failed(result)["gradient.reference"], failed(result)
        assert mistake in failed(result)["gradient.numerical"], failed(result)


def test_scores_are_deterministic(tmp_path):
    old, new, *_ = PLANTED["gradient-scale"]
    path = planted(tmp_path, A, old, new, "scale")
    first, second = grade_file(path, A), grade_file(path, A)
    assert [(c.id, c.points, c.message) for c in first.checks] == [(c.id, c.points, c.message) for c in second.checks]


def test_gradient_report_has_a_table_of_blocks_and_expected_vs_got(tmp_path):
    old, new, *_ = PLANTED["gradient-scale"]
    result = grade_file(planted(tmp_path, A, old, new, "scale"), A)
    check = next(c for c in result.checks if c.id == "gradient.reference")
    rows = {r[0]: r for r in check.details["table"]["rows"]}
    assert rows["w"][3] == "wrong" and rows["b"][3] == "ok"
    assert check.details["heatmaps"] == []  # vectors: the table says it all
    assert check.expected and check.got


def test_syntax_error_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "broken_linear_regression.py"
    path.write_text("import numpy as np\n\ndef predict(X, w, b)\n    return X @ w + b\n")
    result = grade_file(path, A)
    assert result.status == "error"
    assert result.line == 3
    assert "SyntaxError" in result.message and "line 3" in result.message
    assert result.checks == []


def test_failing_and_demo_top_level_is_skipped_and_reported(tmp_path):
    source = (ROOT / "solutions" / f"{A}.py").read_text()
    demo = ("\nimport matplotlib_that_is_not_installed\n"
            "data = np.loadtxt('missing.csv')\n"
            "w, b, losses = gradient_descent(np.ones((3, 2)), np.ones(3), 0.1, 10 ** 9)\n"
            "while True:\n    pass\n"
            "print(input('continue? '))\n"
            "import sys\nstatus = sys.exit(0)\n")
    path = tmp_path / f"demo_{A}.py"
    path.write_text(source + demo)
    result = grade_file(path, A)
    assert result.score == 100, failed(result)
    reasons = " | ".join(s.reason for s in result.skipped)
    assert "ModuleNotFoundError" in reasons
    assert "FileNotFoundError" in reasons or "OSError" in reasons
    assert "calls gradient_descent()" in reasons
    assert "top-level loop" in reasons
    assert "called sys.exit()" in reasons


def test_a_file_that_returns_zeros_earns_nothing_from_the_gradient_checks(tmp_path):
    path = tmp_path / "zeros_linear_regression.py"
    path.write_text(
        "import numpy as np\n"
        "def predict(X, w, b):\n    return np.zeros(len(X))\n"
        "def mse_loss(X, y, w, b):\n    return 0.0\n"
        "def mse_gradients(X, y, w, b):\n    return np.zeros(X.shape[1]), 0.0\n"
    )
    result = grade_file(path, A)
    fails = failed(result)
    assert {"gradient.numerical", "gradient.reference"} <= set(fails), fails
    numerical = next(c for c in result.checks if c.id == "gradient.numerical")
    assert "does not change when the parameters do" in numerical.message and numerical.mistakes == []


def test_a_loss_that_is_right_for_a_wrong_predict_names_the_forward(tmp_path):
    """``mse_loss`` built on the student's own ``predict``: when the loss is the mean squared error of that
    predict, the mistake is the forward, and the loss check says so instead of naming ``wrong-loss``. A loss
    that is wrong by itself (a root of the mean) still names ``wrong-loss``."""
    source = (ROOT / "solutions" / f"{A}.py").read_text()
    assert "    return X @ w + b\n" in source
    path = tmp_path / "sigmoid_predict.py"
    path.write_text(source.replace("    return X @ w + b\n", "    return 1.0 / (1.0 + np.exp(-(X @ w + b)))\n", 1))
    fails = failed(grade_file(path, A))
    assert fails["forward.mse_loss"] == ["wrong-forward"], fails
    assert "wrong-loss" not in {m for ms in fails.values() for m in ms}, fails
    rmse = ROOT / "tests/corpus/linear_regression/mistakes/wrong-loss_linear_regression.py"
    assert failed(grade_file(rmse, A))["forward.mse_loss"] == ["wrong-loss"]
