"""The command line: usage errors, exit codes, a folder graded end to end."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT


def grade(*args, cwd=None, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**os.environ, **(env or {})}, timeout=timeout)


@pytest.mark.parametrize("args, needle", [
    ((), "give a file or a folder"),
    (("no/such/folder",), "no such file or folder"),
    (("--jobs", "0", "examples"), "--jobs must be at least 1"),
    (("--bogus",), "unrecognized arguments"),
    (("README.md",), "is not a .py file"),
])
def test_usage_errors_are_one_line_and_exit_2(args, needle, tmp_path):
    proc = grade(*args, "--out", tmp_path / "out")
    assert proc.returncode == 2, proc.stderr
    assert needle in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1


def test_check_sandbox_lists_protections():
    proc = grade("--check-sandbox")
    assert proc.returncode == 0
    assert "sandbox level:" in proc.stdout and "active:" in proc.stdout


@pytest.fixture(scope="module")
def class_run(tmp_path_factory):
    """The shipped examples plus a syntax error and an unrecognised file, graded by the command."""
    folder = tmp_path_factory.mktemp("subs")
    for src in (ROOT / "examples" / "submissions").rglob("*"):
        if src.is_file():
            dst = folder / src.relative_to(ROOT / "examples" / "submissions")
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(src.read_bytes())
    (folder / "dan").mkdir()
    (folder / "dan" / "linear_regression.py").write_text("def predict(X, w, b)\n    return 0\n")
    (folder / "dan" / "helpers.py").write_text("x = 1\n")
    out = tmp_path_factory.mktemp("out")
    proc = grade(folder, "--out", out, "--jobs", "2")
    return folder, out, proc


def test_class_run_writes_every_output_and_exits_3_for_ungraded(class_run):
    folder, out, proc = class_run
    assert proc.returncode == 3, proc.stderr  # dan's syntax error is not gradable
    assert "Traceback" not in proc.stderr + proc.stdout
    data = json.loads((out / "results.json").read_text())
    by = {(s["student"], s["assignment"]): s for s in data["submissions"]}
    assert by[("alice", "linear_regression")]["score"] == 100
    assert 0 < by[("bob", "linear_regression")]["score"] < 100
    assert by[("carol", "linear_regression")]["score"] == 0
    assert by[("dan", "linear_regression")]["status"] == "error"
    # changed deliberately (README, "Which file counts"): helpers.py, next to dan's submission, is ignored, not
    # unrecognised
    assert ("dan", "") not in by
    assert [(i["student"], i["file"]) for i in data["ignored"]] == [("dan", "helpers.py")]
    for s in data["submissions"]:
        for key in ("student", "assignment", "path", "status", "score", "max_score", "checks"):
            assert key in s
    assert (out / "index.html").exists()
    assert (out / "alice" / "linear_regression.html").exists()
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert float(rows["alice"]["linear_regression"]) == 100


def test_second_run_reuses_results_and_regrades_a_changed_file(class_run):
    folder, out, _ = class_run
    bob = folder / "bob" / "linear_regression.py"
    bob.write_text(bob.read_text() + "\n# changed\n")
    proc = grade(folder, "--out", out, "--jobs", "1")
    assert proc.returncode == 3
    assert "already graded" in proc.stdout
    data = json.loads((out / "results.json").read_text())
    files = [p for p in folder.rglob("*") if p.suffix in (".py", ".ipynb")]
    assert len(data["submissions"]) + len(data["ignored"]) == len(files)


def test_single_file_prints_its_checks(tmp_path):
    proc = grade(ROOT / "examples" / "submissions" / "bob" / "linear_regression.py", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "gradient" in proc.stdout and "mse_gradients" in proc.stdout
    assert "gradient-scale" in proc.stdout or "constant factor" in proc.stdout


def test_fail_under_exits_1(tmp_path):
    proc = grade(ROOT / "examples" / "submissions" / "carol", "--out", tmp_path, "--fail-under", "50")
    assert proc.returncode == 1


def _grade_in_process(tmp_path, capsys) -> tuple[int, str, dict]:
    from grader.cli import main

    out = tmp_path / "out"
    code = main([str(ROOT / "solutions" / "linear_regression.py"), "--out", str(out), "--quiet", "--no-cache"])
    payload = json.loads((out / "results.json").read_text())
    return code, capsys.readouterr().err, payload["submissions"][0]


def test_a_grader_bug_in_a_check_exits_4_with_one_line_and_costs_only_that_check(tmp_path, capsys, monkeypatch):
    import dataclasses

    from grader import registry

    def broken(ctx):
        raise ZeroDivisionError("planted grader bug")

    decl = registry.get("linear_regression")
    planted = dataclasses.replace(decl, checks=(dataclasses.replace(decl.checks[0], run=broken),) + decl.checks[1:])
    monkeypatch.setattr(registry, "get", lambda name: planted if name == decl.name else decl)
    code, err, sub = _grade_in_process(tmp_path, capsys)
    assert code == 4
    assert err.strip().count("\n") == 0 and "Traceback" not in err
    assert "api.functions" in err and "ZeroDivisionError: planted grader bug" in err
    first, *rest = sub["checks"]
    assert not first["passed"] and "grader problem" in first["message"] and first["mistakes"] == []
    assert all(c["passed"] for c in rest)  # the student loses nothing else


def test_a_sandbox_that_cannot_start_is_the_graders_error_not_the_students(tmp_path, capsys, monkeypatch):
    from grader.sandbox import session
    from grader.sandbox.process import SandboxError

    def cannot_start(self):
        raise SandboxError("start", "bwrap: setting up uid map: Permission denied")

    monkeypatch.setattr(session.Session, "open", cannot_start)
    code, err, sub = _grade_in_process(tmp_path, capsys)
    assert code == 4
    assert sub["status"] == "error" and sub["checks"] == []
    assert "could not start its sandbox" in sub["message"] and "Permission denied" in err
    assert err.strip().count("\n") == 0


def test_a_missing_package_is_one_line_and_exit_4(tmp_path, capsys, monkeypatch):
    from grader.cli import main

    monkeypatch.setitem(sys.modules, "rich.console", None)  # import of rich.console now raises ImportError
    code = main([str(ROOT / "solutions" / "linear_regression.py"), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 4
    assert "rich.console" in err and "pip install" in err and "Traceback" not in err
    assert err.strip().count("\n") == 0


def test_quiet_one_file_prints_its_score_on_one_line(tmp_path):
    path = ROOT / "tests" / "corpus" / "xor_mlp" / "mistakes" / "gradient-sign_xor_mlp.py"
    proc = grade(path, "--out", tmp_path, "-q", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines() == [f"{path}: 47/100 (graded)"], proc.stdout


def test_a_reader_that_leaves_early_costs_no_traceback():
    """`grade --list-assignments | head -1`: the pipe closes before grade writes; one exit code, no traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "grader", "--list-assignments"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.close()  # gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "BrokenPipe" not in err, err
