"""Finding submissions: layouts, student names, unrecognised files."""
from __future__ import annotations

import pytest

from grader.registry import names

ASSIGNMENTS = names()
from grader.discover import DiscoveryError, discover, find, match_assignment, student_from_name


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
    touch(tmp_path / "helpers.py")  # flat, at the top of the class: whose? unrecognised
    touch(tmp_path / "dan" / "homework.py")  # dan's only file matches nothing: unrecognised, not ignored
    found = find([tmp_path], ASSIGNMENTS)
    got = sorted((s.student, s.assignment, s.path.name) for s in found.submissions)
    # changed deliberately (README, "Which file counts"): alice's utils.py, next to her submissions, is ignored
    assert got == [("alice", "rnn", "rnn.ipynb"), ("alice", "xor_mlp", "xor_mlp.py"),
                   ("carol", "linear_regression", "carol_linear_regression.py"), ("dan", "", "homework.py"),
                   ("helpers", "", "helpers.py")]
    assert [(i.student, i.file, i.reason) for i in found.ignored] == [("alice", "utils.py", "matches no assignment")]


def test_two_files_for_one_assignment_count_once_unless_pick_all(tmp_path):
    touch(tmp_path / "dave" / "xor_mlp.py")
    touch(tmp_path / "dave" / "xor_mlp_v2.py")
    assert [(s.student, s.path.name) for s in discover([tmp_path], ASSIGNMENTS)] == [("dave", "xor_mlp.py")]
    assert [(s.student, s.path.name) for s in discover([tmp_path], ASSIGNMENTS, pick="best")] == [
        ("dave", "xor_mlp.py"), ("dave", "xor_mlp_v2.py")]  # both graded, under dave's name: the best counts
    students = sorted(s.student for s in discover([tmp_path], ASSIGNMENTS, pick="all"))
    assert students == ["dave (xor_mlp.py)", "dave (xor_mlp_v2.py)"]  # the behaviour before --pick


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


def test_links_inside_a_students_folder_are_reported_not_followed(tmp_path):
    from conftest import ROOT

    root = tmp_path / "class"
    touch(root / "bob" / "rnn.py")
    touch(root / "alice" / "xor_mlp.py")
    (root / "alice" / "linear_regression.py").symlink_to(ROOT / "solutions" / "linear_regression.py")
    (root / "alice" / "notes").symlink_to(root / "bob")  # another student's work
    (root / "alice" / "everything").symlink_to("/")  # would walk the whole disk
    (root / "alice" / "again").symlink_to(".")  # a loop
    elsewhere = touch(tmp_path / "shared" / "mnist_softmax.py")
    (root / "dave").symlink_to(elsewhere.parent)  # the TA's own layout: followed
    subs = discover([root], ASSIGNMENTS)
    alice = {s.path.name: s for s in subs if s.student.startswith("alice")}  # "alice (notes)": one per file
    assert set(alice) == {"xor_mlp.py", "linear_regression.py", "notes", "everything", "again"}
    assert alice["xor_mlp.py"].problem == ""
    for name in ("linear_regression.py", "notes", "everything", "again"):
        assert "symbolic link" in alice[name].problem and alice[name].assignment == ""
    assert [s.path.name for s in subs if s.student == "bob"] == ["rnn.py"]  # bob is bob's alone
    assert [(s.assignment, s.problem) for s in subs if s.student == "dave"] == [("mnist_softmax", "")]


def test_a_linked_file_is_an_error_and_never_read(tmp_path):
    from grader.discover import Submission
    from grader.runner import grade_submission

    secret = tmp_path / "secret.txt"
    secret.write_text("GITHUB_TOKEN = 'ghp_not_for_students'\n")
    touch(tmp_path / "class" / "eve" / "x.txt")
    link = tmp_path / "class" / "eve" / "linear_regression.py"
    link.symlink_to(secret)
    [sub] = [s for s in discover([tmp_path / "class"], ASSIGNMENTS) if s.path == link]
    result = grade_submission(sub)
    assert result.status == "error" and "symbolic link" in result.message
    assert result.checks == [] and result.file_sha256 == ""
    assert "ghp_" not in repr(result.to_dict())


def test_student_names_from_folders_are_one_printable_line(tmp_path):
    touch(tmp_path / "evil\x1b]0;pwned\x07\n::error ::forged" / "rnn.py")
    [sub] = discover([tmp_path], ASSIGNMENTS)
    assert "\n" not in sub.student and "\x1b" not in sub.student and "\x07" not in sub.student
    assert sub.student.startswith("evil?]0;pwned?") and sub.assignment == "rnn"


def test_a_link_can_neither_crash_the_run_nor_hide_another_students_file(tmp_path):
    import os

    touch(tmp_path / "zed" / "linear_regression.py")
    (tmp_path / "aaron").mkdir()
    (tmp_path / "aaron" / "linear_regression.py").symlink_to(tmp_path / "zed" / "linear_regression.py")
    (tmp_path / "mia").mkdir()
    (tmp_path / "mia" / "linear_regression.py").symlink_to("linear_regression.py")  # a link to itself: a loop
    os.mkfifo(tmp_path / "zed" / "rnn.py")  # not a regular file: reported, never opened
    subs = {(s.student, s.path.name): s for s in discover([tmp_path], ASSIGNMENTS)}
    assert subs[("zed", "linear_regression.py")].problem == ""  # zed keeps his own file
    assert "symbolic link" in subs[("aaron", "linear_regression.py")].problem
    assert "symbolic link" in subs[("mia", "linear_regression.py")].problem
    assert "not a regular file" in subs[("zed", "rnn.py")].problem


def test_line_and_paragraph_separators_do_not_survive_in_names(tmp_path):
    touch(tmp_path / "a\u2028b\u2029c" / "rnn.py")
    [sub] = discover([tmp_path], ASSIGNMENTS)
    assert sub.student == "a?b?c"
