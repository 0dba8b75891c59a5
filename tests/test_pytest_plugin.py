"""``pytest --grade FILE``: the grader's checks as pytest items (grader/pytest_plugin.py, entry point ``pytest11``).

Every run is a real ``python -m pytest`` in a subprocess, in a temporary folder, finding the
plugin through its entry point as a student's or GitHub Classroom's run does.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "xor_mlp.py"
RIGHT_SIGN = "dY_hat = 2.0 * (Y_hat - Y)"
WRONG_SIGN = "dY_hat = 2.0 * (Y - Y_hat)"
XOR_CHECKS = 14  #: checks of xor_mlp (assignments/xor_mlp/checks.py)


def _pytest(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m pytest -p no:cacheprovider ARGS`` run in ``folder``."""
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=folder,
                          capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})})


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    shutil.copy(SOLUTION, tmp_path / "xor_mlp.py")
    return tmp_path / "xor_mlp.py"


@pytest.fixture()
def buggy(tmp_path: Path) -> Path:
    source = SOLUTION.read_text()
    assert RIGHT_SIGN in source, "the planted bug no longer matches solutions/xor_mlp.py"
    path = tmp_path / "bob_xor_mlp.py"
    path.write_text(source.replace(RIGHT_SIGN, WRONG_SIGN, 1))
    return path


def test_model_answer_passes_every_check(good: Path) -> None:
    run = _pytest(good.parent, "--grade", good.name, "-v")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{XOR_CHECKS} passed" in run.stdout
    assert "xor_mlp.py::gradient.numerical PASSED" in run.stdout


def test_planted_bug_fails_naming_the_mistake(buggy: Path) -> None:
    run = _pytest(buggy.parent, "--grade", buggy.name, "-q")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FAILED bob_xor_mlp.py::gradient.numerical - mistake gradient-sign" in run.stdout
    assert "Traceback" not in run.stdout and "pytest_plugin.py" not in run.stdout  # the check's words, no grader code
    assert "Gradient with the wrong sign" in run.stdout  # the mistake explained


def test_junit_xml_has_one_testcase_per_check(buggy: Path) -> None:
    run = _pytest(buggy.parent, "--grade", buggy.name, "--junitxml", "report.xml", "-q")
    assert run.returncode == 1
    cases = ET.parse(buggy.parent / "report.xml").getroot().findall(".//testcase")
    assert len(cases) == XOR_CHECKS and len({c.get("name") for c in cases}) == XOR_CHECKS
    failure = next(c for c in cases if c.get("name") == "gradient.numerical").find("failure")
    assert failure is not None and "gradient-sign" in failure.get("message")
    assert next(c for c in cases if c.get("name") == "api.functions").find("failure") is None


def test_k_selects_checks_and_a_folder_grades_every_submission(good: Path, buggy: Path) -> None:
    for student, file in (("alice", good), ("bob", buggy)):  # a class: one folder per student, as `grade` reads it
        (good.parent / "class" / student).mkdir(parents=True)
        shutil.copy(file, good.parent / "class" / student / "xor_mlp.py")
    run = _pytest(good.parent, "--grade", "class", "-k", "gradient", "-q")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "2 failed, 2 passed" in run.stdout and f"{2 * XOR_CHECKS - 4} deselected" in run.stdout
    assert "FAILED class/bob/xor_mlp.py::gradient.reference - mistake gradient-sign" in run.stdout


def test_a_file_that_cannot_be_graded_is_one_failing_item(tmp_path: Path) -> None:
    (tmp_path / "xor_mlp.py").write_text("def forward(params, X:\n    return X\n")
    run = _pytest(tmp_path, "--grade", "xor_mlp.py", "-q", "--junitxml", "report.xml")
    assert run.returncode == 1
    assert "1 failed" in run.stdout and "FAILED xor_mlp.py::grading - could not be graded (error)" in run.stdout
    assert "SyntaxError" in run.stdout
    assert len(ET.parse(tmp_path / "report.xml").getroot().findall(".//testcase")) == 1


def test_held_checks_are_skipped_in_student_mode(good: Path, tmp_path: Path) -> None:
    (tmp_path / "no_answers").mkdir()  # a solutions folder without the model answer: a student's install
    run = _pytest(good.parent, "--grade", good.name, "-rs",
                  env={"BACKPROP_GRADER_SOLUTIONS": str(tmp_path / "no_answers")})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 skipped" in run.stdout and "run by your course's grader" in run.stdout


def test_grade_assignment_forces_the_assignment(tmp_path: Path) -> None:
    shutil.copy(SOLUTION, tmp_path / "homework.py")
    unrecognised = _pytest(tmp_path, "--grade", "homework.py", "-q")
    assert unrecognised.returncode == 1 and "matches no assignment" in unrecognised.stdout
    forced = _pytest(tmp_path, "--grade", "homework.py", "--grade-assignment", "xor_mlp", "-q")
    assert forced.returncode == 0 and f"{XOR_CHECKS} passed" in forced.stdout


def test_usage_errors_are_one_line(tmp_path: Path, good: Path) -> None:
    missing = _pytest(tmp_path, "--grade", "nothing_here.py")
    assert missing.returncode == 4 and "ERROR: --grade: no such file or folder: nothing_here.py" in missing.stderr
    unknown = _pytest(tmp_path, "--grade", good.name, "--grade-assignment", "xor")
    assert unknown.returncode == 4 and "no assignment named 'xor'" in unknown.stderr
    also = _pytest(tmp_path, "tests", "--grade", good.name)  # would silently not run: refused
    assert also.returncode == 4 and "runs only the files given after --grade; also given: tests" in also.stderr


def test_tests_beside_the_submission_are_not_collected(good: Path) -> None:
    (good.parent / "test_other.py").write_text("def test_never():\n    raise AssertionError('collected')\n")
    (good.parent / "conftest.py").write_text("import sys\n")
    run = _pytest(good.parent, "--grade", good.name, "-q")
    assert run.returncode == 0 and f"{XOR_CHECKS} passed" in run.stdout and "collected" not in run.stdout


def test_without_grade_the_plugin_does_nothing(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text("def test_one():\n    assert True\n")
    run = _pytest(tmp_path, "-q")
    assert run.returncode == 0 and "1 passed" in run.stdout
    listed = _pytest(tmp_path, "--help")
    assert "--grade" in listed.stdout  # registered through the entry point
