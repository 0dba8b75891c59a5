"""Smoke test of the benchmark script (bench/run.py): its quickest path runs and prints its tables.

It checks the shape of the output, not the speed of the grader: the numbers
depend on the machine and on what else runs on it.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NUMBER = r"\d+(?:\.\d+)?"


@pytest.fixture(scope="module")
def output() -> str:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--skip-nbgrader", "--students", "4",
         "--assignments", "linear_regression"],
        cwd=ROOT, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_prints_every_section(output: str) -> None:
    for heading in ("== 1. The sandbox's own overhead", "== 2. Grading one submission",
                    "== 3. Where the time goes", "== 4. A class: 4 submissions", "== 5. nbgrader side by side"):
        assert heading in output
    assert "skipped (--skip-nbgrader)" in output
    assert re.search(r"benchmark finished in \d+ s", output)


def test_sandbox_overhead_has_numbers(output: str) -> None:
    assert re.search(rf"^Session open \+ close\s+<- overhead\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}", output, re.MULTILINE)
    assert re.search(rf"^python -S \+ import numpy\s+{NUMBER}", output, re.MULTILINE)
    assert re.search(rf"sandbox overhead \(Session on a trivial file, open \+ close\): {NUMBER} ms", output)


def test_one_submission_split_by_phase(output: str) -> None:
    for phase in ("sandbox_start", "load", "checks_api", "checks_gradient", "checks_convergence", "reporting",
                  "total"):
        assert re.search(rf"^{phase}\s+{NUMBER}\s+{NUMBER}-{NUMBER}\s+{NUMBER}$", output, re.MULTILINE), phase
    # the summary row: warm median, min-max, cold, CLI median, CLI min-max, grader RSS, sandbox RSS
    assert re.search(rf"^linear_regression\s+{NUMBER}\s+{NUMBER}-{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+"
                     rf"{NUMBER}-{NUMBER}\s+\d+\s+\d+$", output, re.MULTILINE)
    assert "score 100/100" in output
    assert "WARNING" not in output  # no grader error while grading the reference


def test_class_table(output: str) -> None:
    for jobs in (1, 2):
        assert re.search(rf"^--jobs {jobs}\s+{NUMBER}\s+\d+\s+{NUMBER}", output, re.MULTILINE)
    assert re.search(rf"extrapolation to 300 students x 4 assignments with --jobs 2: {NUMBER} s", output)
    assert re.search(r"full marks for (\d+)/\1 correct; points lost by (\d+)/\2 mistakes", output)
