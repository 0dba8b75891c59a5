"""Smoke test of the benchmark script (bench/run.py): its quickest path runs and prints its tables.

It checks the shape of the output, not the speed of the grader: the numbers
depend on the machine and on what else runs on it.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NUMBER = r"-?\d+(?:\.\d+)?"
VERDICT = r"(?:met|NOT met)"


def _run(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL, check=False,
        env={k: v for k, v in os.environ.items() if k != "BACKPROP_GRADER_FORKSERVER"},  # the grader's default
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture(scope="module")
def output() -> str:
    return _run("--quick", "--skip-nbgrader", "--students", "4", "--assignments", "linear_regression",
                "--growth-sizes", "4,8")


@pytest.fixture(scope="module")
def growth_only() -> str:
    return _run("--growth", "--growth-sizes", "2,4", "--assignments", "linear_regression")


def test_prints_every_section(output: str) -> None:
    for heading in ("== 1. The sandbox's own overhead", "== 1b. Sandbox start: bwrap against the fork server",
                    "== 2. Grading one submission", "== 3. Where the time goes", "== 4. A class: 4 submissions",
                    "== 5. nbgrader side by side", "== 6. Growth: classes of 4, 8 submissions, --jobs 2",
                    "== 7. Summary: issue 17's figures"):
        assert heading in output
    assert "skipped (--skip-nbgrader)" in output
    assert re.search(r"benchmark finished in \d+ s", output)


def test_sandbox_overhead_has_numbers(output: str) -> None:
    assert re.search(rf"^Session open \+ close\s+<- overhead\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}", output, re.MULTILINE)
    assert re.search(rf"^python -S \+ import numpy\s+{NUMBER}", output, re.MULTILINE)
    assert re.search(rf"sandbox overhead \(Session on a trivial file, open \+ close\): {NUMBER} ms", output)


def test_fork_server_start_against_bwrap(output: str) -> None:
    section = output.split("== 1b.")[1].split("== 2.")[0]
    if "skipped:" in section:  # no bubblewrap here: the section says why, and the summary has no figure
        assert re.search(r"^sandbox start, fork server.*not measured", output, re.MULTILINE)
        return
    assert re.search(rf"^first start in the process\s+{NUMBER}\s+{NUMBER}\s+fork server: the zygote", section,
                     re.MULTILINE)
    for row in (r"start  <- target", "close", r"Session open \+ call \+ close"):
        assert re.search(rf"^{row}\s+{NUMBER}\s+{NUMBER}-{NUMBER}\s+{NUMBER}\s+{NUMBER}-{NUMBER}$", section,
                         re.MULTILINE), row
    assert re.search(r"forked \d+ sandboxes, refused: ", section)
    assert "as promised, nothing out of place" in section or "NOT as promised" in section
    assert re.search(rf"sandbox start with the fork server \(.*\): {NUMBER} ms median of 20 .* target < 10 ms: "
                     rf"{VERDICT}", section)


def test_one_submission_split_by_phase(output: str) -> None:
    for phase in ("sandbox_start", "load", "checks_api", "checks_gradient", "checks_convergence", "reporting",
                  "total"):
        assert re.search(rf"^{phase}\s+{NUMBER}\s+{NUMBER}-{NUMBER}\s+{NUMBER}$", output, re.MULTILINE), phase
    # the summary row: warm median, min-max, cold, CLI median, CLI min-max, CLI first, grader RSS, sandbox RSS
    assert re.search(rf"^linear_regression\s+{NUMBER}\s+{NUMBER}-{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+"
                     rf"{NUMBER}-{NUMBER}\s+{NUMBER}\s+\d+\s+\d+$", output, re.MULTILINE)
    assert re.search(rf"^`grade FILE` linear_regression: {NUMBER} s; target < 0.5 s \(issue 17\): {VERDICT}$", output,
                     re.MULTILINE)
    assert "score 100/100" in output
    assert "WARNING" not in output  # no grader error while grading the reference


def test_class_table(output: str) -> None:
    forked = "skipped:" not in output.split("== 1b.")[1].split("== 2.")[0]  # section 1b measured the fork server
    for jobs in (1, 2):
        assert re.search(rf"^--jobs {jobs}\s+{NUMBER}\s+\d+\s+{NUMBER}", output, re.MULTILINE)
        # the same class with the fork server, when section 1b could measure it
        assert bool(re.search(rf"^--jobs {jobs}, fork server\s+{NUMBER}\s+\d+\s+{NUMBER}", output,
                              re.MULTILINE)) == forked
    if forked:
        assert re.search(r"fork server on against off .*same score on 8/8 submissions", output)
    assert re.search(rf"extrapolation to 300 students x 4 assignments with --jobs 2: {NUMBER} s", output)
    assert re.search(r"full marks for (\d+)/\1 correct; points lost by (\d+)/\2 mistakes", output)


def test_growth_study(output: str) -> None:
    section = output.split("== 6. Growth")[1].split("== 7.")[0]
    for n in (4, 8):  # subs, wall, s/sub, median sub, grader sum, grader proc, sandbox max, sandbox sum, output, ...
        assert re.search(rf"^{n}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+\d+\s+\d+\s+\d+\s+\d+\s+{NUMBER}\s+{NUMBER}",
                         section, re.MULTILINE), n
    assert "class page in chromium: skipped" in section or re.search(
        rf"^8\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+\d+$", section, re.MULTILINE)
    for figure in ("wall time (time per submission)", "grader peak RSS, its processes' sum",
                   "sandbox peak RSS, the largest", "output folder, total"):
        assert re.search(rf"^{re.escape(figure)}\s+.*(at most linear|FASTER than linear)$", section, re.MULTILINE)
    assert re.search(r"target: none grows faster than linearly \(per sub <= 1.25\): (met|NOT met)", section)


def test_summary_has_every_issue_17_figure(output: str) -> None:
    summary = output.split("== 7. Summary")[1]
    for figure in ("sandbox start, fork server", "nbgrader autograde / ours, --jobs 1",
                   "300 students x 4 assignments, --jobs 2", "`grade FILE`, fresh process: linear_regression",
                   "sharded into 3 and merged", "growth: wall time"):
        assert figure in summary, figure
    # skipped with --skip-nbgrader: said so, not a verdict
    assert re.search(r"^class of 4: nbgrader autograde / ours, --jobs 1\s+not measured", summary, re.MULTILINE)
    assert re.search(rf"^`grade FILE`, fresh process: linear_regression \(median\)\s+{NUMBER} s\s+< 0.5 s\s+{VERDICT}$",
                     summary, re.MULTILINE)


def test_growth_alone(growth_only: str) -> None:
    assert "== 6. Growth: classes of 2, 4 submissions" in growth_only and "== 7. Summary" in growth_only
    for skipped in ("== 1.", "== 2.", "== 4.", "== 5."):
        assert skipped not in growth_only
    summary = growth_only.split("== 7. Summary")[1]
    assert re.search(r"^sandbox start, fork server.*not measured", summary, re.MULTILINE)
    assert re.search(r"^`grade FILE`, fresh process: linear_regression \(median\)\s+not measured", summary,
                     re.MULTILINE)
    # the grader's default: each worker's sandboxes after its first are forked
    assert re.search(rf"^300 students x 4 assignments, --jobs 2, fork server \(growth study\)\s+{NUMBER} s "
                     r"\(extrapolated from 4\)",
                     summary, re.MULTILINE)


def test_fresh_processes_keep_the_bytecode_cache_as_a_users_shell_does(monkeypatch) -> None:
    """`grade FILE` is timed as a user runs it: with PYTHONDONTWRITEBYTECODE set (some machines set it), every
    fresh process would compile the grader from source again, which no installed grader pays."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    bench_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_run)
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("BENCH_PROBE", "kept")
    env = bench_run.user_env()
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["BENCH_PROBE"] == "kept" and env["PATH"] == os.environ["PATH"]
