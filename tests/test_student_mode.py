"""Student mode: grading where the model answers are absent (a student's ``pip install``).

The checks that need the model answer are held (listed as run by the course's
grader, never failed); the public ones run on the reference outputs the course
published (``assignments/<name>/published.json.gz``, ``grade --publish``).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT
from grader import reference as published
from grader import registry
from grader.discover import Submission
from grader.publish import publish
from grader.runner import Options, grade_submission

NAMES = registry.names()
sys.path.insert(0, str(ROOT / "tools"))


def _grade(path: Path, name: str, student: bool = True):
    return grade_submission(Submission(path, "s", name), Options(student=student), shared={})


def _load(path: Path):
    return published.read_all(path)


@pytest.mark.parametrize("name", NAMES)
def test_the_published_outputs_are_in_step_with_the_model_answer_and_the_checks(name, tmp_path):
    """`grade --publish` run now writes what is shipped (to 1e-9: another machine's last bits may differ)."""
    shipped = registry.get(name).folder / published.PUBLISHED
    assert shipped.is_file(), f"run `grade --publish --assignment {name}`"
    publish(name, folder=tmp_path)
    (now, now_array), (then, then_array) = _load(tmp_path / published.PUBLISHED), _load(shipped)
    assert now["public"] == then["public"] and now["functions"] == then["functions"], \
        f"out of step: run `grade --publish --assignment {name}`"
    assert [(c["fn"], c["key"]) for c in now["calls"]] == [(c["fn"], c["key"]) for c in then["calls"]], \
        f"out of step: run `grade --publish --assignment {name}`"
    for a, b in zip(now["calls"], then["calls"]):
        x, y = published.Recorded.from_json(a), published.Recorded.from_json(b)
        assert published._close(x.nums, y.nums), (name, x.fn)
        _same(published.decode(x.result, now_array), published.decode(y.result, then_array), _rtol(a))


#: a training run of this many epochs or more carries a last-bit difference of the machine's BLAS far: 100
#: epochs of two_hidden_mlp's train differ by 1.4e-4 relative between two x86-64 machines (a changed answer
#: or check moves them by far more than 1e-3)
LONG_RUN = 50


def _rtol(call: dict) -> float:
    epochs = [int(n) for n in re.findall(r"(?<![A-Za-z0-9<])i(\d+)", str(call.get("key", "")))]
    return 1e-3 if call.get("fn") == "train" and any(n >= LONG_RUN for n in epochs) else 1e-9


def _same(a, b, rtol: float = 1e-9) -> None:
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            _same(a[k], b[k], rtol)
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y, rtol)
    elif isinstance(a, (np.ndarray, float, np.floating)):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-300)
    else:
        assert a == b


@pytest.mark.parametrize("name", NAMES)
def test_the_model_answer_loses_no_point_in_student_mode(name):
    result = _grade(ROOT / "solutions" / f"{name}.py", name)
    assert result.status == "graded" and result.mode == "student", result.message
    failed = [(c.id, c.message) for c in result.checks if not c.passed and not c.held]
    assert not failed, failed
    hidden = {c.id for c in registry.get(name).checks if not c.public}
    held = {c.id for c in result.held_checks}
    assert hidden <= held
    assert result.score == result.checked_max == result.max_score - result.held_points
    assert all(c.points == 0 for c in result.held_checks)


@pytest.mark.corpus_wide
def test_student_mode_over_the_corpus_fails_no_correct_file_and_names_nothing_absent():
    """Every corpus file graded as a student's install grades it: a correct file loses no checked point and
    is named nothing; a file with mistakes is named only ids it makes (the ids a check can be sure of
    without the answers, a subset of what the course's run names)."""
    import diagnosis_share as share

    outcomes = share.grade_all(share.corpus_cases(), jobs=2, student=True)
    assert len(outcomes) > 150
    assert not [o.case.path for o in outcomes if o.internal_errors]
    assert not [(o.case.path, o.named, o.lost) for o in outcomes if o.case.expected is None and (o.named or o.lost)]
    assert not [(o.case.path, o.wrong) for o in outcomes if o.case.expected is not None and o.wrong]
    mistaken = [o for o in outcomes if o.case.expected is not None]
    assert sum(bool(o.by_check) for o in mistaken) >= 0.9 * len(mistaken), "most files with a mistake fail a check"
    assert sum(o.right for o in mistaken) >= 40, "the certain relations are still named without the answers"


def test_a_students_folder_with_a_solutions_folder_is_not_a_checkout(tmp_path):
    """`grade .` run inside a student's folder must not take the student's own solutions/ as the model answers."""
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "xor_mlp.py").write_text((ROOT / "solutions" / "xor_mlp.py").read_text())
    (tmp_path / "assignments").mkdir()
    assert not registry._is_checkout(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "backprop-grader"\n')
    assert registry._is_checkout(tmp_path)
    assert registry._is_checkout(ROOT)
    assert registry.solutions_dir() == (ROOT / "solutions").resolve()  # the editable checkout's, never cwd's


def test_a_planted_bug_in_student_mode_fails_the_public_check_and_names_the_certain_relation(tmp_path):
    from conftest import planted

    path = planted(tmp_path, "xor_mlp", "dY_hat = 2.0 * (Y_hat - Y) / Y.size", "dY_hat = 2.0 * (Y - Y_hat) / Y.size",
                   "xor_mlp.py")
    result = _grade(path, "xor_mlp")
    assert result.mode == "student"
    failed = {c.id: c for c in result.checks if not c.passed and not c.held}
    assert "gradient.numerical" in failed and "gradient-sign" in failed["gradient.numerical"].mistakes
    assert [c.id for c in result.held_checks] == ["gradient.reference"]
    assert result.score < result.checked_max


def test_solutions_folder_given_on_the_command_line_must_exist(tmp_path, capsys):
    from grader.cli import main

    code = main([str(ROOT / "solutions" / "xor_mlp.py"), "--solutions", str(tmp_path / "nope"), "--out",
                 str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--solutions" in err


def test_a_class_is_not_graded_without_the_answers_by_mistake(tmp_path):
    """No answers found: a run of several students is refused (one line, exit 2) unless --student says so,
    grades for an LMS are refused always; one student's own file is graded in student mode."""
    import os
    import subprocess

    empty = tmp_path / "no-answers"
    empty.mkdir()
    env = {**os.environ, "BACKPROP_GRADER_SOLUTIONS": str(empty)}

    def grade(*args):
        return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=300)

    refused = grade("examples/submissions/", "--out", tmp_path / "a")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "--student" in refused.stderr
    assert not (tmp_path / "a" / "results.json").exists()
    book = grade("examples/submissions/alice", "--out", tmp_path / "b", "--gradebook", "canvas")
    assert book.returncode == 2 and "student mode" in book.stderr
    anyway = grade("examples/submissions/", "--out", tmp_path / "c", "--student", "--quiet", "--jobs", "2")
    assert anyway.returncode == 0, anyway.stderr
    subs = json.loads((tmp_path / "c" / "results.json").read_text())["submissions"]
    assert subs and all(s["mode"] == "student" for s in subs)
    one = grade(ROOT / "solutions" / "xor_mlp.py", "--out", tmp_path / "d", "--quiet")
    assert one.returncode == 0 and not one.stderr, one.stderr
    (sub,) = json.loads((tmp_path / "d" / "results.json").read_text())["submissions"]
    assert sub["mode"] == "student" and sub["score"] == 85


def test_python_m_grader_in_a_students_folder_does_not_import_the_students_packages(tmp_path):
    """`python -m grader .` puts the current folder first on sys.path: a student's own assignments/ (or
    solutions/) package must not stand in for the course's, and run as the grader."""
    import subprocess

    bob = tmp_path / "bob"
    for package in ("assignments", "solutions"):
        (bob / package).mkdir(parents=True)
        (bob / package / "__init__.py").write_text(f"open({str(tmp_path / package)!r}, 'w').write('pwned')\n")
    (bob / "xor_mlp.py").write_text((ROOT / "solutions" / "xor_mlp.py").read_text())
    proc = subprocess.run([sys.executable, "-m", "grader", ".", "--out", str(tmp_path / "out"), "--quiet"],
                          cwd=bob, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "assignments").exists() and not (tmp_path / "solutions").exists()
    (sub,) = json.loads((tmp_path / "out" / "results.json").read_text())["submissions"]
    assert sub["mode"] == "course" and sub["score"] == 100


def test_fail_under_counts_only_the_points_checked_in_student_mode(tmp_path):
    """A perfect file in student mode scored 85 of the 85 points checked: --fail-under 90 must not fail it
    (the 15 held points are the course's to check, not lost)."""
    import os
    import subprocess

    empty = tmp_path / "no-answers"
    empty.mkdir()
    proc = subprocess.run([sys.executable, "-m", "grader", str(ROOT / "solutions" / "xor_mlp.py"), "--out",
                           str(tmp_path / "out"), "--quiet", "--fail-under", "90"], capture_output=True, text=True,
                          env={**os.environ, "BACKPROP_GRADER_SOLUTIONS": str(empty)}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    publish = subprocess.run([sys.executable, "-m", "grader", "--publish"], capture_output=True, text=True,
                             env={**os.environ, "BACKPROP_GRADER_SOLUTIONS": str(empty)}, timeout=300)
    assert publish.returncode == 2 and publish.stderr.count("\n") == 1, publish.stderr
