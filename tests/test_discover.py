"""Finding submissions: layouts, student names, unrecognised files."""
from __future__ import annotations

import pytest

from grader.checks import ASSIGNMENTS
from grader.discover import DiscoveryError, discover, match_assignment, student_from_name


def touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x = 1\n")
    return path


def test_assignment_and_student_from_file_names():
    assert match_assignment("alice_xor_mlp.py", ASSIGNMENTS) == "xor_mlp"
    assert match_assignment("RNN-bob.ipynb", ASSIGNMENTS) == "rnn"
    assert match_assignment("helpers.py", ASSIGNMENTS) == ""
    assert student_from_name("alice_xor_mlp.py", "xor_mlp") == "alice"
    assert student_from_name("xor_mlp_Bob-Smith.py", "xor_mlp") == "Bob_Smith"
    assert student_from_name("xor_mlp.py", "xor_mlp") == ""


def test_folder_per_student_and_flat_layouts_and_unrecognised(tmp_path):
    touch(tmp_path / "alice" / "xor_mlp.py")
    touch(tmp_path / "alice" / "sub" / "rnn.ipynb")
    touch(tmp_path / "alice" / "utils.py")
    touch(tmp_path / "alice" / "notes.txt")
    touch(tmp_path / "carol_linear_regression.py")
    touch(tmp_path / ".hidden" / "xor_mlp.py")
    touch(tmp_path / "alice" / "__pycache__" / "xor_mlp.py")
    subs = discover([tmp_path], ASSIGNMENTS)
    got = sorted((s.student, s.assignment, s.path.name) for s in subs)
    assert got == [("alice", "", "utils.py"), ("alice", "rnn", "rnn.ipynb"), ("alice", "xor_mlp", "xor_mlp.py"),
                   ("carol", "linear_regression", "carol_linear_regression.py")]


def test_two_files_for_one_assignment_are_both_kept(tmp_path):
    touch(tmp_path / "dave" / "xor_mlp.py")
    touch(tmp_path / "dave" / "xor_mlp_v2.py")
    students = sorted(s.student for s in discover([tmp_path], ASSIGNMENTS))
    assert students == ["dave (xor_mlp.py)", "dave (xor_mlp_v2.py)"]


def test_single_file_and_forced_assignment(tmp_path):
    path = touch(tmp_path / "eve" / "homework.py")
    (sub,) = discover([path], ASSIGNMENTS, forced="rnn")
    assert (sub.student, sub.assignment) == ("homework", "rnn")


@pytest.mark.parametrize("name", ["missing.py", "data.csv"])
def test_bad_paths_are_discovery_errors(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".csv"):
        touch(path)
    with pytest.raises(DiscoveryError):
        discover([path], ASSIGNMENTS)
