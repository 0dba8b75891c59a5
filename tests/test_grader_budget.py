"""The grader's own work on a submission stays inside that submission's budget.

Reading, converting and planning a file is grader-side work on untrusted input:
it must be linear in the file's size (crafted shapes below took the old loader
minutes: a statement-start search that re-tokenized the cell for every magic,
a block judge that re-judged each nested level), and it is bounded anyway by
``--total-timeout`` and ``--memory`` (a child process killed at the deadline).
Any size or shape ends as ``graded``, or as that student's ``timeout``/``error``
with one line, never a hang or a traceback.

Fixtures are written into ``tmp_path`` by each test; nothing big is committed.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT

from grader import load
from grader.discover import Submission
from grader.runner import Options, grade_submission
from grader.sandbox.process import Limits

SOLUTION = (ROOT / "solutions" / "xor_mlp.py").read_text()


def notebook(path: Path, cells: list, **top) -> Path:
    """A v4 notebook of code cells (strings), or of cells given as dicts."""
    data = {"cells": [c if isinstance(c, dict) else
                      {"cell_type": "code", "metadata": {}, "source": c, "outputs": [], "execution_count": None}
                      for c in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5, **top}
    path.write_text(json.dumps(data))
    return path


def deep_blocks(statements: int) -> str:
    """99 nested `if 1:` (near Python's limit of 100), many statements inside, a demo `print()` last."""
    depth = 99
    return ("".join(" " * d + "if 1:\n" for d in range(depth))
            + " " * depth + "x=1;" * statements + "x=1\n" + " " * depth + "print()\n")


@pytest.fixture()
def private_tmp(monkeypatch):
    """Sandboxes of this test make their folders here, not among other runs' leftovers in the temp folder.

    A short path: multiprocessing's forkserver puts a socket in it (at most 107 bytes).
    """
    folder = Path(tempfile.mkdtemp(prefix="gb-"))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def grade_cli(tmp_path: Path, path: Path, *args: str, timeout: float) -> tuple[list[dict], float, str]:
    """Run the real `grade` command; its submissions, its wall time and its stderr. Fails past ``timeout``."""
    out = tmp_path / "out"
    start = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "grader", str(path), "--out", str(out), "--no-cache", "-q",
                               *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=os.environ)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`grade {path.name}` was still running after {timeout:g} s")
    elapsed = time.monotonic() - start
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads((out / "results.json").read_text())["submissions"], elapsed, proc.stderr


def grade_api(path: Path, seconds: float = 20.0, memory_mb: int = 2048):
    limits = Limits(submission_seconds=seconds, memory_bytes=memory_mb * 2**20)
    start = time.monotonic()
    result = grade_submission(Submission(path, "student", "xor_mlp"), Options(limits=limits))
    return result, time.monotonic() - start


# ------------------------------------------------------------------ super-linear shapes, through `grade`

SHAPES = {
    # the reported case, smaller: one very long first line, then 320 `%time pass` lines
    "long_first_line_then_magics": lambda: "x = [" + "1, " * 150_000 + "]\n" + "%time pass\n" * 320,
    # many medium lines, each followed by a magic (a budget counted in lines did not help)
    "medium_lines_and_magics": lambda: ("y = (" + "1," * 1500 + ")\n%time pass\n") * 200,
    # the same with an IPython line that opens brackets on every other line
    "magics_inside_brackets": lambda: ("z = [\n" + "%a\n" * 20 + "]\n" + "w = (" + "2," * 3000 + ")\n"
                                       "%time pass\n") * 100,
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_notebook_of_hostile_shape_is_converted_in_linear_time(tmp_path, private_tmp, shape):
    path = notebook(tmp_path / "nb_xor_mlp.ipynb", [SOLUTION, SHAPES[shape]()])
    # the one clock of --total-timeout covers reading and converting: a super-linear pass takes minutes on this
    # size and ends as "timeout", not "graded" (no second, tighter clock here: it failed on a loaded machine)
    (sub,), elapsed, _ = grade_cli(tmp_path, path, "--total-timeout", "20", timeout=30)
    assert sub["status"] == "graded" and sub["score"] == 100, sub["message"]


def test_demo_code_deep_in_nested_blocks_is_planned_in_linear_time(tmp_path, private_tmp):
    path = tmp_path / "deep_xor_mlp.py"
    path.write_text(SOLUTION + "\n" + deep_blocks(50_000))
    # the one clock of --total-timeout covers reading and converting: a super-linear pass takes minutes on this
    # size and ends as "timeout", not "graded" (no second, tighter clock here: it failed on a loaded machine)
    (sub,), elapsed, _ = grade_cli(tmp_path, path, "--total-timeout", "20", timeout=30)
    assert sub["status"] == "graded" and sub["score"] == 100, sub["message"]


def test_a_class_with_hostile_files_is_graded_in_parallel_and_the_correct_ones_score_100(tmp_path, private_tmp):
    folder = tmp_path / "class"
    folder.mkdir()
    notebook(folder / "ann_xor_mlp.ipynb", [SOLUTION, SHAPES["long_first_line_then_magics"]()])
    (folder / "bob_xor_mlp.py").write_text(SOLUTION)
    (folder / "carol_xor_mlp.py").write_text(SOLUTION + "\n" + deep_blocks(30_000))
    subs, elapsed, _ = grade_cli(tmp_path, folder, "--jobs", "2", "--total-timeout", "20", timeout=40)
    assert {s["student"]: (s["status"], s["score"]) for s in subs} == {
        "ann": ("graded", 100), "bob": ("graded", 100), "carol": ("graded", 100)}


# ------------------------------------------------------------------ the budget holds for the grader's own work


def test_the_graders_own_reading_counts_against_the_total_timeout(tmp_path, private_tmp):
    path = tmp_path / "calls_xor_mlp.py"  # cheap for the sandbox (all skipped), a few seconds for the grader
    path.write_text(SOLUTION + "\n" + "f()\n" * 200_000)
    result, elapsed = grade_api(path, seconds=1.0)
    assert result.status == "timeout", (result.status, result.message, result.timings)
    assert "time budget" in result.message and "\n" not in result.message
    assert result.seconds < 2.5 and elapsed < 3.0


def test_a_parse_that_never_returns_is_killed_at_the_deadline(tmp_path, private_tmp, monkeypatch):
    # stands for a single call into C (the parser, json) that cannot check a deadline
    monkeypatch.setattr(load, "_from_notebook", lambda *args, **kwargs: time.sleep(30))
    path = notebook(tmp_path / "hang_xor_mlp.ipynb", [SOLUTION])
    result, elapsed = grade_api(path, seconds=1.5)
    assert result.status == "timeout" and "time budget" in result.message, result.message
    assert elapsed < 4.0


def test_the_graders_own_reading_has_the_memory_limit(tmp_path, private_tmp, monkeypatch):
    def greedy(*args, **kwargs):
        return bytearray(1 << 30)  # 1 GiB: over the 256 MB limit

    monkeypatch.setattr(load, "_from_notebook", greedy)
    path = notebook(tmp_path / "greedy_xor_mlp.ipynb", [SOLUTION])
    result, elapsed = grade_api(path, memory_mb=256)
    assert result.status == "error" and "memory" in result.message, result.message
    assert not result.internal_errors and "\n" not in result.message


# ------------------------------------------------------------------ odd but valid input: graded, or one line


@pytest.mark.parametrize("deep", [
    "x = " + "-" * 100_000 + "1",  # the parser's stack guard: MemoryError
    "x = a" + ".b" * 100_000,  # the tree too deep to build: RecursionError
])
def test_a_cell_nested_too_deeply_is_left_out_and_the_rest_is_graded(tmp_path, private_tmp, deep):
    path = notebook(tmp_path / "deep_xor_mlp.ipynb", ["%matplotlib inline\n" + SOLUTION, deep])
    result, _ = grade_api(path)
    assert result.status == "graded" and result.score == 100, result.message
    assert any("cell 2 not run" in s.reason and "nested too deeply" in s.reason for s in result.skipped)


def test_notebook_json_nested_too_deeply_is_a_one_line_error(tmp_path, private_tmp):
    path = tmp_path / "json_xor_mlp.ipynb"
    path.write_text('{"cells": [], "metadata": ' + "[" * 100_000 + "]" * 100_000 + ', "nbformat": 4}')
    result, elapsed = grade_api(path)
    assert result.status == "error" and "nested too deeply" in result.message, result.message
    assert "\n" not in result.message and elapsed < 5


def test_odd_cells_are_read_as_no_code_and_the_notebook_is_graded(tmp_path, private_tmp):
    path = tmp_path / "odd_xor_mlp.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 2, "cells": [
        {"cell_type": "code", "source": list(SOLUTION)},  # one character per item
        {"cell_type": "code"},  # no source
        {"source": "print(1)"},  # no cell type
        {"cell_type": "code", "source": None},
        {"cell_type": "code", "source": {"a": 1}},
        {"cell_type": "code", "source": [1, 2, None]},
        "not a cell", 5, None, [],
        {"cell_type": "markdown", "source": "# hi"},
    ]}))
    result, _ = grade_api(path)
    assert result.status == "graded" and result.score == 100, result.message
    assert result.skipped == []  # nothing made up from str() of a dict or a list of numbers


def test_an_nbformat_3_notebook_is_read_directly_fast_and_quietly(tmp_path, private_tmp):
    def v3(path: Path, extra_cells: int) -> Path:
        cells = [{"cell_type": "code", "input": SOLUTION, "language": "python", "outputs": [], "metadata": {}}]
        cells += [{"cell_type": "markdown", "source": "# notes", "metadata": {}}] * extra_cells
        path.write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                                    "worksheets": [{"cells": cells, "metadata": {}}]}))
        return path

    big = v3(tmp_path / "big_xor_mlp.ipynb", 150_000)  # about 9 MB: nbformat's upgrade took over 10 s
    probe = ("import sys, time; from pathlib import Path; from grader import load; t = time.monotonic(); "
             f"src = load.read_source(Path({str(big)!r})); "
             "print(round(time.monotonic() - t, 3), 'nbformat' in sys.modules, 'def forward' in src.text)")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT)
    seconds, imported, found = proc.stdout.split()
    assert found == "True" and imported == "False" and float(seconds) < 5, proc.stdout
    assert proc.stderr == ""  # nbformat's warnings (ids corrected) are not printed
    result, _ = grade_api(v3(tmp_path / "small_xor_mlp.ipynb", 3))
    assert result.status == "graded" and result.score == 100, result.message


# ------------------------------------------------------------------ the scan that replaced re-tokenizing


@pytest.mark.parametrize("cell, starts", [
    ("x = (\n%a\n)\n%b", [True, False, False, True]),
    ("s = '''\n%a\n'''\n%b", [True, False, False, True]),
    ("y = 1 + \\\n%a\n%b", [True, False, True]),
    ("s = 'a\\\n%a'\n%b", [True, False, True]),  # a quoted string continued by a backslash
    ("s = 'unterminated\n%a", [True, True]),  # Python's tokenizer ends it with its line
    ("r = r'\\'' + '('\n%a", [True, True]),  # brackets in strings, an escaped quote in a raw string
    ("d = {1: [  # ( in a comment\n%a\n]}\n%b", [True, False, False, True]),
])
def test_statement_starts_follow_brackets_strings_and_continuations(cell, starts):
    scan = load._Starts()
    seen = []
    for line in cell.split("\n"):
        seen.append(scan.at_start)
        scan.feed(line)
    assert seen == starts
