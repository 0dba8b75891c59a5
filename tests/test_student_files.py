"""Files as students write them: helper modules next to the file, failed imports, empty files, file names
as students spell them, notebook locations as Jupyter shows them, and helpers that try to reach elsewhere."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader import load, registry
from grader.discover import Submission, find, match_assignment, student_from_name
from grader.runner import grade_submission

from conftest import ROOT, grade_file

A = "xor_mlp"
SOLUTION = (ROOT / "solutions" / f"{A}.py").read_text()
HELPERS = ROOT / "tests" / "corpus" / A / "correct" / "student_with_helpers"
#: The solution's sigmoid and its derivative, moved to a helper module (lines 28-63 of solutions/xor_mlp.py).
_LINES = SOLUTION.split("\n")
SIGMOIDS = "import numpy as np\n" + "\n".join(_LINES[27:63])
USES_HELPER = "\n".join(_LINES[:27] + ["from nn_utils import sigmoid, sigmoid_derivative", ""] + _LINES[63:])


def grade(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def nb(path: Path, cells: list[tuple[str, str, int | None]]) -> Path:
    """A v4 notebook of ``(kind, source, execution_count)`` cells."""
    data = {"cells": [{"cell_type": k, "metadata": {}, "source": s,
                       **({"outputs": [], "execution_count": n} if k == "code" else {})} for k, s, n in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(data))
    return path


def folder_with(tmp_path: Path, **files: str) -> Path:
    """``tmp_path/student`` with ``xor_mlp.py`` importing ``nn_utils``, and ``files`` (name -> text) beside it."""
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / f"{A}.py").write_text(USES_HELPER)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


# --------------------------------------------------------------------------- 1. helper modules


def test_a_student_folder_with_helper_modules_scores_full_marks_and_lists_no_helper_as_ignored(tmp_path):
    result = grade_file(HELPERS / f"{A}.py", A)
    assert (result.status, result.score, result.message) == ("graded", 100, ""), result.message
    skipped = " | ".join(s.reason for s in result.skipped)
    assert "nn_utils.py line" in skipped and "demo code" in skipped  # its demo is left out, as the file's own
    assert "sigmoid(0)" not in result.output  # ...and does not run
    found = find([HELPERS], tuple(registry.names()))
    assert [s.path.name for s in found.submissions] == [f"{A}.py"]
    assert found.ignored == []  # nn_utils.py and mathbits/ are the submission's helpers, not noise


def test_a_helper_not_imported_is_still_ignored_and_a_class_run_grades_the_helper_folder(tmp_path):
    shutil.copytree(HELPERS, tmp_path / "class" / "alice")
    (tmp_path / "class" / "alice" / "notes.py").write_text("x = 1\n")
    out = tmp_path / "out"
    proc = grade(tmp_path / "class", "--out", out, "--jobs", "1", "--no-diagnosis")
    assert proc.returncode == 0, proc.stderr
    data = json.loads((out / "results.json").read_text())
    (sub,) = data["submissions"]
    assert (sub["student"], sub["status"], sub["score"]) == ("alice", "graded", 100)
    assert [i["file"] for i in data.get("ignored", [])] == ["notes.py"]


def test_a_helper_runs_in_the_sandbox_not_in_the_grader(tmp_path):
    marker = tmp_path / "touched"
    folder = folder_with(tmp_path, **{"nn_utils.py": f"import pathlib\ntry:\n    pathlib.Path({str(marker)!r})"
                                                     f".write_text('x')\nexcept OSError:\n    pass\n{SIGMOIDS}\n"})
    result = grade_file(folder / f"{A}.py", A)
    assert result.status == "graded" and result.score == 100, result.message
    assert not marker.exists()  # written inside the sandbox's own file system, if anywhere


# --------------------------------------------------------------------------- 2. failed imports are the headline


def test_a_missing_helper_is_the_headline_not_fourteen_not_implemented_checks(tmp_path):
    folder = folder_with(tmp_path)  # no nn_utils.py
    result = grade_file(folder / f"{A}.py", A)
    assert result.status == "error" and result.checks == []
    assert result.message.startswith("line 28: `from nn_utils import sigmoid, sigmoid_derivative` failed: "
                                     "ModuleNotFoundError: No module named 'nn_utils'"), result.message
    assert "no nn_utils.py next to the file" in result.message and result.line == 28


def test_an_import_the_functions_do_not_need_is_the_headline_and_the_file_is_still_graded(tmp_path):
    path = tmp_path / f"torch_{A}.py"
    path.write_text("import numpy as np\nimport torch\n" + SOLUTION)
    result = grade_file(path, A)
    assert result.status == "graded" and result.score == 100
    assert result.message.startswith("line 2: `import torch` failed: ModuleNotFoundError: No module named 'torch'")


def test_the_grade_cli_shows_a_failed_import_first(tmp_path):
    folder = folder_with(tmp_path)
    proc = grade(folder / f"{A}.py", "--out", tmp_path / "out", "--no-diagnosis")
    assert proc.returncode == 3, proc.stderr
    out = " ".join(proc.stdout.split())  # as the terminal wrapped it
    said = "`from nn_utils import sigmoid, sigmoid_derivative` failed: ModuleNotFoundError"
    assert said in out and out.index(said) < out.index("Not run") < out.index("Score"), proc.stdout
    assert "not implemented" not in proc.stdout


# --------------------------------------------------------------------------- 3. empty files


@pytest.mark.parametrize("name, content", [
    (f"{A}.py", ""),
    (f"blank_{A}.py", "\n   \n\t\n"),
    (f"comments_{A}.py", "# TODO: write the network\n# (later)\n"),
])
def test_an_empty_file_is_reported_as_empty(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    result = grade_file(path, A)
    assert result.status == "error" and result.checks == []
    assert result.message.startswith("the file is empty: nothing to grade"), result.message


def test_a_notebook_without_code_is_reported_as_empty(tmp_path):
    path = nb(tmp_path / f"{A}.ipynb", [("markdown", "# XOR\nmy notes", None), ("code", "", 1),
                                        ("code", "%matplotlib inline\n# todo", 2)])
    result = grade_file(path, A)
    assert result.status == "error" and result.checks == []
    assert result.message.startswith("the file is empty: nothing to grade"), result.message


# --------------------------------------------------------------------------- 4. file names


@pytest.mark.parametrize("name", ["xor-mlp.py", "XorMLP.ipynb", "Assignment2_xor_mlp (1).py", "xor_mlp_final.py",
                                  "XOR_MLP.py", "alice_xor_mlp.py"])
def test_file_names_as_students_write_them_name_the_assignment(name):
    assert match_assignment(name, tuple(registry.names())) == A


@pytest.mark.parametrize("name, assignment", [("players.py", ""), ("autograder_notes.py", ""),
                                              ("mylayers.py", ""), ("two_layers.py", "layers"),
                                              ("xor_mlp_layers.py", "xor_mlp"), ("RNN-bob.ipynb", "rnn")])
def test_an_assignment_is_named_by_whole_words_only(name, assignment):
    assert match_assignment(name, tuple(registry.names())) == assignment


@pytest.mark.parametrize("name, student", [("xor-mlp.py", ""), ("XorMLP.ipynb", ""), ("Assignment2_xor_mlp (1).py", ""),
                                           ("xor_mlp_final.py", ""), ("XOR_MLP.py", ""), ("alice_xor_mlp.py", "alice"),
                                           ("Bob-Smith-XorMLP (2).py", "Bob_Smith"), ("xor_mlp_Bob-Smith.py", "Bob_Smith")])
def test_a_flat_files_student_is_what_is_left_of_its_name(name, student):
    assert student_from_name(name, match_assignment(name, tuple(registry.names()))) == student


def test_a_class_of_flat_files_named_as_students_write_them(tmp_path):
    names = ["xor-mlp.py", "XorMLP.ipynb", "Assignment2_xor_mlp (1).py", "xor_mlp_final.py", "XOR_MLP.py",
             "Dana-XorMLP.py"]
    for name in names:
        (tmp_path / name).write_text("x = 1\n")
    (tmp_path / "carol").mkdir()  # a student's folder: tmp_path is a class, not one student's folder
    (tmp_path / "carol" / "xor_mlp.py").write_text("x = 1\n")
    subs = [s for s in find([tmp_path], tuple(registry.names())).submissions if s.student != "carol"]
    assert sorted(s.path.name for s in subs) == sorted(names)
    assert {s.assignment for s in subs} == {A}
    assert len({s.student for s in subs}) == len(names)  # six files, six students (named after the files)
    assert {s.student for s in subs if s.path.name in ("Dana-XorMLP.py", "xor_mlp_final.py")} == {
        "Dana", "xor_mlp_final"}


def test_a_student_folder_with_an_exactly_named_file_in_any_spelling_is_one_student(tmp_path):
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "XOR-MLP.py").write_text(SOLUTION)
    (tmp_path / "bob" / "xor_mlp_old.py").write_text(SOLUTION)
    found = find([tmp_path / "bob"], tuple(registry.names()))
    assert [(s.student, s.path.name) for s in found.submissions] == [("bob", "XOR-MLP.py")]  # exact name first


def test_a_name_that_matches_no_assignment_says_how_to_name_it(tmp_path):
    path = tmp_path / "homework.py"
    path.write_text(SOLUTION)
    result = grade_submission(Submission(path, "x", ""))
    assert result.status == "unrecognised"
    assert "--assignment NAME" in result.message and "linear_regression.py" in result.message
    forced = grade(path, "--assignment", A, "--out", tmp_path / "out", "--no-diagnosis")
    assert forced.returncode == 0, forced.stderr + forced.stdout


# --------------------------------------------------------------------------- 5. notebook locations


def test_notebook_locations_are_jupyters_in_labels_or_cell_numbers(tmp_path):
    path = nb(tmp_path / f"nb_{A}.ipynb", [
        ("markdown", "# XOR", None),
        ("code", SOLUTION, 7),
        ("markdown", "## try it", None),
        ("code", "import numpy as np\nfor i in range(3):\n    print(i)\n", None),  # 5th cell, never run
        ("code", "%%bash\necho hi", 12),
    ])
    source = load.read_source(path)
    assert source.where(1) == "In [7], line 1"
    result = grade_file(path, A)
    assert result.score == 100, result.message
    where = {s.where for s in result.skipped}
    assert "cell 4, line 2" in where and "In [12], line 1" in where, where
    assert any(s.where.startswith("In [12]") and s.reason.startswith("%%bash") for s in result.skipped), \
        [(s.where, s.reason) for s in result.skipped]


def test_an_import_error_in_a_notebook_names_its_cell(tmp_path):
    path = nb(tmp_path / f"nb_{A}.ipynb", [("markdown", "# XOR", None),
                                           ("code", "from nn_utils import sigmoid, sigmoid_derivative", 3),
                                           ("code", USES_HELPER, None)])
    result = grade_file(path, A)
    assert result.message.startswith("In [3], line 1: `from nn_utils import"), result.message


# --------------------------------------------------------------------------- hostile helpers


def test_a_helper_that_is_a_link_elsewhere_is_not_shipped(tmp_path):
    folder = folder_with(tmp_path)
    secret = tmp_path / "elsewhere" / "nn_utils.py"
    secret.parent.mkdir()
    secret.write_text(f"SECRET = 'top secret'\n{SIGMOIDS}\n")
    (folder / "nn_utils.py").symlink_to(secret)
    (folder / "pkg").symlink_to(ROOT / "solutions")  # a package folder that is a link: not followed either
    result = grade_file(folder / f"{A}.py", A)
    assert result.status == "error" and "symbolic link" in result.message, result.message
    helpers = load.prepare(folder / f"{A}.py")[0].helpers
    assert helpers == []


def test_a_package_folder_that_is_a_link_is_not_shipped(tmp_path):
    path = tmp_path / "student" / f"{A}.py"
    path.parent.mkdir()
    path.write_text("import solutions\n" + SOLUTION)
    (path.parent / "solutions").symlink_to(ROOT / "solutions")
    source, _ = load.prepare(path)
    assert source.helpers == [] and "symbolic link" in source.unshipped["solutions"]
    result = grade_file(path, A)
    assert result.score == 100 and "symbolic link" in result.message


def test_helpers_named_like_pythons_or_numpys_modules_do_not_replace_them(tmp_path):
    folder = folder_with(tmp_path, **{"nn_utils.py": "import numpy as np\nimport os\nimport json\n" + SIGMOIDS,
                                      "numpy.py": "raise SystemExit('fake numpy')\n",
                                      "os.py": "raise SystemExit('fake os')\n",
                                      "json.py": "raise SystemExit('fake json')\n"})
    (folder / f"{A}.py").write_text("import numpy as np\nimport os, json\n" + USES_HELPER)
    result = grade_file(folder / f"{A}.py", A)
    assert result.status == "graded" and result.score == 100, result.message
    notes = " | ".join(s.reason for s in result.skipped)
    assert "numpy.py next to the file is not used" in notes and "os.py next to the file is not used" in notes


def test_a_huge_helper_or_too_many_helpers_are_not_shipped_and_the_message_says_why(tmp_path):
    big = "# padding\n" * (load.MAX_HELPER_BYTES // 10 + 1) + SIGMOIDS
    folder = folder_with(tmp_path, **{"nn_utils.py": big})
    result = grade_file(folder / f"{A}.py", A)
    assert result.status == "error" and "limit of 50 files" in result.message, result.message


def test_a_package_of_ten_thousand_files_costs_little(tmp_path):
    folder = folder_with(tmp_path, **{"nn_utils.py": "import bloat\n" + SIGMOIDS})
    (folder / "bloat").mkdir()
    for k in range(10_000):
        (folder / "bloat" / f"m{k:05d}.py").write_text(f"X = {k}\n")
    t = time.perf_counter()
    source, _ = load.prepare(folder / f"{A}.py")
    spent = time.perf_counter() - t
    assert sum(1 for h in source.helpers if h.text) == load.MAX_HELPER_FILES and spent < 2.0, spent
    assert sum(len(h.text) for h in source.helpers) <= load.MAX_HELPER_BYTES
    result = grade_file(folder / f"{A}.py", A)
    assert result.status == "graded" and result.score == 100, result.message
    assert any("limit of 50 files" in s.reason or "entries" in s.reason for s in result.skipped)


def test_only_the_submissions_own_folder_is_looked_in(tmp_path):
    (tmp_path / "nn_utils.py").write_text(SIGMOIDS)  # one folder up: another student's, or the TA's
    folder = folder_with(tmp_path)
    (folder / "sub").mkdir()
    (folder / "sub" / "nn_utils.py").write_text(SIGMOIDS)  # one folder down: not next to the file
    source, _ = load.prepare(folder / f"{A}.py")
    assert source.helpers == []
    fifo = folder / "fifo_mod.py"
    os.mkfifo(fifo)
    (folder / f"{A}.py").write_text("import fifo_mod\n" + SOLUTION)
    t = time.perf_counter()
    source, _ = load.prepare(folder / f"{A}.py")  # a FIFO is never opened for reading: no hang
    assert time.perf_counter() - t < 2 and source.helpers == [] and "not a regular file" in source.unshipped["fifo_mod"]


def test_a_notebook_with_its_check_cell_grades_without_errors_from_it(tmp_path):
    """The cell a student runs in Jupyter (`from grader import check`, `r = check(...)`) is not run by `grade`,
    and is not reported as failing."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SOLUTION),
                nbformat.v4.new_code_cell("from grader import check\nr = check('xor_mlp')\ncheck()")]
    path = tmp_path / "xor_mlp.ipynb"
    path.write_text(nbformat.writes(nb))
    result = grade_submission(Submission(path, "x", A))
    assert result.status == "graded" and result.score == result.max_score, result.message
    assert not result.message
    reasons = [s.reason for s in result.skipped]
    assert len(reasons) == 3 and all("check()" in r for r in reasons), reasons


# --------------------------------------------------------------------------- found by attacking helper modules


def test_a_flat_file_cannot_import_another_students_submission(tmp_path):
    """In a flat class folder the siblings are other students' files: one named after an assignment is never a
    helper, so alice cannot run (or print) bob's work."""
    (tmp_path / "bob_xor_mlp.py").write_text(SOLUTION)
    (tmp_path / "alice_xor_mlp.py").write_text(
        "from bob_xor_mlp import sigmoid, sigmoid_derivative, init_params, forward, mse_loss, backward, train, "
        "predict\n")
    result = grade_submission(Submission(tmp_path / "alice_xor_mlp.py", "alice", A))
    assert result.score < 50, result.score
    assert "bob_xor_mlp.py is not used" in result.message + " ".join(s.reason for s in result.skipped)
    assert "def backward" not in result.output


def test_a_hard_linked_helper_is_not_read(tmp_path):
    secret = tmp_path / "elsewhere.py"
    secret.write_text("SECRET = 'answers'\n")
    folder = tmp_path / "alice"
    folder.mkdir()
    os.link(secret, folder / "nn_utils.py")
    (folder / "xor_mlp.py").write_text("from nn_utils import SECRET\nprint(SECRET)\n" + SOLUTION)
    result = grade_submission(Submission(folder / "xor_mlp.py", "alice", A))
    assert "answers" not in result.output
    assert "hard link" in result.message + " ".join(s.reason for s in result.skipped)


def test_a_long_chain_of_helpers_is_discovered_in_bounded_reads(tmp_path, monkeypatch):
    """A chain m0 <- m1 <- ... of 3000 tiny helpers next to a submission: discovery reads a bounded number of
    them (it was quadratic: minutes for a few thousand files, before any grading started)."""
    from grader import discover

    folder = tmp_path / "cls" / "alice"
    folder.mkdir(parents=True)
    n = 3000
    (folder / "xor_mlp.py").write_text(SOLUTION + f"\nif False:\n    import m{n - 1:05d}\n")
    (folder / "m00000.py").write_text("X = 1\n")
    for i in range(1, n):
        (folder / f"m{i:05d}.py").write_text(f"import m{i - 1:05d}\n")
    reads = []
    real = discover._imports
    monkeypatch.setattr(discover, "_imports", lambda path: reads.append(path) or real(path))
    found = discover.find([tmp_path / "cls"], registry.names())
    assert [s.student for s in found.submissions] == ["alice"]
    assert len(reads) <= discover._HELPER_READS + 1
