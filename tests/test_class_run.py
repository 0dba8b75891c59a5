"""A class of generated submissions: same scores with one job or two, resumable after a kill,
and every output format written from one run."""
from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT
from grader import registry

N_STUDENTS = 40
#: How many submissions of each assignment the generated class holds (MNIST's are the slowest).
SHARE = {"linear_regression": 16, "xor_mlp": 12, "rnn": 8, "mnist_softmax": 4}


def sources(assignment: str) -> list[Path]:
    """Model answer, correct variants and mistakes: a realistic mix."""
    corpus = ROOT / "tests" / "corpus" / assignment
    files = [ROOT / "solutions" / f"{assignment}.py"]
    files += sorted((corpus / "correct").glob("*")) + sorted((corpus / "mistakes").glob("*"))
    return [f for f in files if f.suffix in (".py", ".ipynb")]


def make_class(folder: Path) -> int:
    """``folder/student_k/<assignment><suffix>``; returns the number of submissions."""
    available = [a for a in SHARE if a in registry.names()]
    quota = {a: SHARE[a] for a in available}
    while sum(quota.values()) < N_STUDENTS:  # fewer assignments exist: fill up with the first
        quota[available[0]] += 1
    k = 0
    for assignment, count in quota.items():
        pool = sources(assignment)
        for i in range(count):
            src = pool[i % len(pool)]
            dst = folder / f"student_{k:02d}" / f"{assignment}{src.suffix}"
            dst.parent.mkdir(parents=True)
            dst.write_bytes(src.read_bytes())
            k += 1
    return k


def grade(*args, env=None, timeout=600):
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def scores(out: Path) -> dict[str, tuple]:
    data = json.loads((out / "results.json").read_text())
    return {s["path"]: (s["status"], s["score"], tuple((c["id"], c["points"]) for c in s["checks"]))
            for s in data["submissions"]}


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    assert make_class(folder) == N_STUDENTS
    return folder


@pytest.fixture(scope="module")
def one_job(klass, tmp_path_factory):
    out = tmp_path_factory.mktemp("jobs1")
    proc = grade(klass, "--out", out, "--jobs", "1", "--quiet")
    assert proc.returncode in (0, 3), proc.stderr
    return out


def test_two_jobs_give_the_same_scores_as_one(klass, one_job, tmp_path):
    proc = grade(klass, "--out", tmp_path, "--jobs", "2", "--quiet")
    assert proc.returncode in (0, 3), proc.stderr
    first, second = scores(one_job), scores(tmp_path)
    assert len(first) == N_STUDENTS
    assert first == second


def test_killed_run_resumes_grading_only_what_was_left(klass, one_job, tmp_path):
    cache = tmp_path / ".results"
    proc = subprocess.Popen([sys.executable, "-m", "grader", str(klass), "--out", str(tmp_path), "--jobs", "1",
                             "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(cache.glob("*.json"))) < 8:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the machine dies: no chance to clean up
    proc.wait()
    kept = {p: p.stat().st_mtime_ns for p in cache.glob("*.json")}
    assert 8 <= len(kept) < N_STUDENTS, len(kept)
    again = grade(klass, "--out", tmp_path, "--jobs", "2")
    assert again.returncode in (0, 3), again.stderr
    assert f"{len(kept)} submission(s) already graded" in again.stdout
    assert all(p.stat().st_mtime_ns == t for p, t in kept.items())  # not graded again
    assert len(list(cache.glob("*.json"))) == N_STUDENTS
    assert scores(tmp_path) == scores(one_job)


def test_ctrl_c_stops_cleanly_and_keeps_what_was_graded(klass, tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "grader", str(klass), "--out", str(tmp_path), "--jobs", "2",
                             "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    cache = tmp_path / ".results"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(cache.glob("*.json"))) < 4:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err + out
    assert len(list(cache.glob("*.json"))) >= 4


def test_every_ci_format_from_one_run(klass, tmp_path):
    summary, output = tmp_path / "summary.md", tmp_path / "gh_output"
    proc = grade(klass, "--out", tmp_path / "fb", "--jobs", "2", "--github", "--format", "gradescope",
                 "--junit-xml", tmp_path / "junit.xml", "--quiet",
                 env={"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)})
    assert proc.returncode in (0, 3), proc.stderr
    results = json.loads((tmp_path / "fb" / "results.json").read_text())["submissions"]
    total = sum(s["score"] for s in results)
    most = sum(s["max_score"] for s in results)
    # Gradescope: one file per submission whose score is the sum of its tests.
    gs = sorted((tmp_path / "fb" / "gradescope").glob("*.json"))
    assert len(gs) == N_STUDENTS
    for path in gs:
        data = json.loads(path.read_text())
        assert data["score"] == pytest.approx(sum(t["score"] for t in data["tests"]))
        assert all(t["visibility"] == "visible" for t in data["tests"])
    # JUnit: one test case per check.
    tree = ET.parse(tmp_path / "junit.xml")
    cases = tree.getroot().iter("testcase")
    assert sum(1 for _ in cases) == sum(len(s["checks"]) for s in results)
    # GitHub: job summary, annotations, Classroom notices and result output.
    assert "| " in summary.read_text()
    notice = next(x for x in proc.stdout.splitlines() if x.startswith("::notice title=Autograding complete::Points "))
    got, got_most = map(float, notice.rsplit(" ", 1)[1].split("/"))
    assert got == pytest.approx(total) and got_most == pytest.approx(most)
    assert "::error " in proc.stdout  # the planted mistakes fail checks
    line = next(x for x in output.read_text().splitlines() if x.startswith("result="))
    payload = json.loads(base64.b64decode(line.removeprefix("result=")))
    assert payload["max_score"] == pytest.approx(most)
    assert {t["status"] for t in payload["tests"]} <= {"pass", "fail", "error"}
