"""The recurrent network: model answer, stubs, planted BPTT mistakes, student-style corpus."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT, failed, grade_file, planted

A = "rnn"
CORPUS = ROOT / "tests" / "corpus" / A


@pytest.fixture(scope="module")
def reference():
    return grade_file(ROOT / "solutions" / f"{A}.py", A, "reference")


def test_model_answer_gets_full_marks(reference):
    assert reference.status == "graded"
    assert reference.score == reference.max_score == 100, failed(reference)
    assert {c.category for c in reference.checks} == {"api", "shape", "forward", "gradient", "training",
                                                       "convergence"}


@pytest.mark.parametrize("stub", [f"{A}.py", f"{A}.ipynb"])
def test_stub_gets_zero_with_not_implemented(stub):
    result = grade_file(ROOT / "assignments" / A / stub, A)
    assert result.score == 0
    assert all("not implemented" in c.message for c in result.checks), [c.message for c in result.checks]


PLANTED = {
    "recurrent-transpose": ('dh_next = da[:, t] @ params["Whh"].T', 'dh_next = da[:, t] @ params["Whh"]'),
    "missing-recurrent-gradient": ("dh = dhs[:, t] + dh_next", "dh = dhs[:, t]"),
    "off-by-one-time": ('"Whh": h_prev.reshape(N * T, H).T', '"Whh": hs.reshape(N * T, H).T'),
    "activation-derivative-at-output": ("da[:, t] = dh * (1.0 - hs[:, t] ** 2)",
                                        "da[:, t] = dh * (1.0 - np.tanh(hs[:, t]) ** 2)"),
    "overwrite-not-accumulate": ('"Whh": h_prev.reshape(N * T, H).T @ da.reshape(N * T, H)',
                                 '"Whh": h_prev[:, -1].T @ da[:, -1]'),
    "transposed-gradient": ('"Whh": h_prev.reshape(N * T, H).T @ da.reshape(N * T, H)',
                            '"Whh": (h_prev.reshape(N * T, H).T @ da.reshape(N * T, H)).T'),
    "softmax-diagonal-jacobian": ("dZ = (P - np.eye(K)[Y]) / (N * T)",
                                  "dZ = (P - np.eye(K)[Y]) * P * (1 - P) / (N * T)"),
}


@pytest.fixture(scope="module")
def planted_results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("planted")
    return {m: grade_file(planted(folder, A, old, new, m), A) for m, (old, new) in PLANTED.items()}


@pytest.mark.parametrize("mistake", sorted(PLANTED))
def test_planted_bptt_mistake_fails_the_gradient_checks(planted_results, mistake):
    result = planted_results[mistake]
    fails = failed(result)
    assert {"gradient.numerical", "gradient.reference"} <= set(fails), fails
    assert not {"forward.rnn_forward", "forward.rnn_loss", "gradient.clip"} & set(fails), fails
    assert result.score < 100


@pytest.mark.parametrize("mistake", ["recurrent-transpose", "missing-recurrent-gradient", "overwrite-not-accumulate"])
def test_recurrent_path_mistakes_are_located_in_time(planted_results, mistake):
    """Right on one time step, wrong from two on: the report points at the recurrent path."""
    check = next(c for c in planted_results[mistake].checks if c.id == "gradient.reference")
    bars = check.details["bars"][0]
    assert bars["labels"][0] == "T=1" and bars["values"][0] < 1e-6 < max(bars["values"]), bars
    assert "recurrent path" in check.message


@pytest.mark.parametrize("mistake", ["softmax-diagonal-jacobian", "off-by-one-time"])
def test_mistakes_outside_the_recurrence_show_from_the_first_step(planted_results, mistake):
    check = next(c for c in planted_results[mistake].checks if c.id == "gradient.reference")
    assert check.details["bars"][0]["values"][0] > 1e-6
    assert "even on one time step" in check.message


def test_gradient_report_lists_every_parameter(planted_results):
    check = next(c for c in planted_results["off-by-one-time"].checks if c.id == "gradient.reference")
    rows = {r[0]: r[3] for r in check.details["table"]["rows"]}
    assert rows == {"Wxh": "ok", "Whh": "wrong", "bh": "ok", "Why": "ok", "by": "ok"}


@pytest.mark.parametrize("path", sorted((CORPUS / "correct").glob("*")), ids=lambda p: p.name)
def test_correct_student_styles_get_full_marks(path):
    result = grade_file(path, A)
    assert result.score == 100, failed(result)


def _manifest() -> dict:
    path = ROOT / "tests" / "corpus" / "manifest_mnist_rnn.json"
    return {m["path"]: m for m in json.loads(path.read_text())} if path.exists() else {}


@pytest.mark.parametrize("path", sorted((CORPUS / "mistakes").glob("*")), ids=lambda p: p.name)
def test_student_mistakes_lose_points_where_they_show(path):
    result = grade_file(path, A)
    assert result.score < 100
    lost = {c.category for c in result.checks if not c.passed}
    expected = _manifest().get(str(path.relative_to(ROOT)), {}).get("categories", [])
    assert set(expected) <= lost, (expected, failed(result))
