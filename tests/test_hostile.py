"""Hostile submissions, graded in one run of the real command beside a correct one.

None may gain a point it did not earn, leak the grader's environment, leave a
process or a file behind, or cost the correct submission anything. See
tests/hostile/README.md for how the corpus is built.
"""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

HOSTILE = ROOT / "tests" / "hostile"
SOLUTION = (ROOT / "solutions" / "linear_regression.py").read_text()
MARKER = secrets.token_hex(6)
SECRET = "ghp_" + secrets.token_hex(16)

#: snippet -> (checks that must fail, checks that must still pass, words one of which labels the failure)
BROKEN = {
    "hang_function": ({"shape.outputs", "shape.no_mutation", "training.sgd"},
                      {"api.functions", "forward.predict", "forward.mse_loss", "gradient.reference",
                       "gradient.numerical", "training.gradient_descent", "convergence.lstsq"}, ("time-out",)),
    "memory_bomb": ({"forward.mse_loss", "gradient.numerical", "training.gradient_descent"},
                    {"api.functions", "forward.predict", "forward.standardize", "gradient.reference"},
                    ("out of memory", "MemoryError")),
    "os_exit": ({"forward.standardize", "shape.outputs", "shape.no_mutation"},
                {"api.functions", "forward.predict", "gradient.reference", "training.sgd", "convergence.lstsq"},
                ("crashed", "exited")),
    "sys_exit": ({"forward.polynomial_features"},
                 {"api.functions", "forward.predict", "gradient.reference", "training.sgd", "convergence.lstsq"},
                 ("sys.exit",)),
    "segfault": ({"forward.predict", "forward.mse_loss"}, {"api.functions", "forward.polynomial_features",
                                                           "forward.standardize"}, ("SIGSEGV", "segmentation")),
    "recursion": ({"gradient.reference", "gradient.numerical", "training.gradient_descent"},
                  {"api.functions", "forward.predict", "forward.mse_loss", "training.sgd"},
                  ("recursed", "RecursionError")),
    "bad_returns": ({"forward.predict", "forward.mse_loss", "forward.polynomial_features", "forward.standardize",
                     "gradient.reference", "shape.outputs"}, {"api.functions"}, ()),
}
#: snippets that cost nothing: the functions still compute the right values
HARMLESS = ("hang_import", "stdout_flood", "fork_setsid")
CHEATS = sorted(p.stem for p in (HOSTILE / "cheats").glob("*.py"))


def _snippet(path: Path) -> str:
    return path.read_text().replace("{MARKER}", MARKER)


def _without_cheat(text: str) -> str:
    out, skipping = [], False
    for line in text.splitlines():
        if line.strip() == "# cheat:begin":
            skipping = True
        elif line.strip() == "# cheat:end":
            skipping = False
        elif not skipping:
            out.append(line)
    return "\n".join(out) + "\n"


def _processes_named(name: str) -> list[int]:
    found = []
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and Path(f"/proc/{pid}/comm").read_text().strip() == name:
                found.append(int(pid))
        except OSError:
            pass
    return found


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    subs = tmp_path_factory.mktemp("subs")
    out = tmp_path_factory.mktemp("out")

    def put(student: str, text: str) -> None:
        (subs / student).mkdir()
        (subs / student / "linear_regression.py").write_text(text)

    put("correct", SOLUTION)
    for name in list(BROKEN) + list(HARMLESS):
        put(name, SOLUTION + "\n\n" + _snippet(HOSTILE / f"{name}.py"))
    garbage = (HOSTILE / "cheats" / "_garbage.txt").read_text()
    for name in CHEATS:
        text = garbage + "\n\n" + _snippet(HOSTILE / "cheats" / f"{name}.py")
        put(f"cheat_{name}", text)
        put(f"twin_{name}", _without_cheat(text))
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "grader", str(subs), "--out", str(out), "--jobs", "2", "--timeout", "3",
         "--memory", "768", "--no-cache"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path_factory.mktemp("cwd"),
        env={**os.environ, "PYTHONPATH": str(ROOT), "GITHUB_TOKEN": SECRET, "CI_SECRET": SECRET})
    data = json.loads((out / "results.json").read_text())
    by = {s["student"]: s for s in data["submissions"]}
    return {"proc": proc, "out": out, "by": by, "seconds": time.monotonic() - start, "subs": subs}


def test_the_run_finishes_and_the_correct_submission_gets_full_marks(run):
    assert run["proc"].returncode == 0, run["proc"].stderr[-2000:]
    assert "Traceback" not in run["proc"].stdout + run["proc"].stderr
    assert run["by"]["correct"]["score"] == 100


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_misbehaving_function_costs_only_its_checks_and_is_labelled(run, name):
    sub = run["by"][name]
    must_fail, must_pass, words = BROKEN[name]
    checks = {c["id"]: c for c in sub["checks"]}
    assert sub["status"] == "graded"
    failed = {i for i, c in checks.items() if not c["passed"]}
    assert must_fail <= failed, failed
    assert not must_pass & failed, {i: checks[i]["message"] for i in must_pass & failed}
    if words:
        labels = " ".join(checks[i]["message"] for i in must_fail)
        assert any(w in labels for w in words), labels
    assert not sub["internal_errors"]


@pytest.mark.parametrize("name", HARMLESS)
def test_harmless_misbehaviour_costs_nothing(run, name):
    sub = run["by"][name]
    assert sub["score"] == 100, [c["message"] for c in sub["checks"] if not c["passed"]]


def test_an_endless_loop_at_import_is_skipped_and_reported(run):
    skipped = " ".join(s["reason"] for s in run["by"]["hang_import"]["skipped"])
    assert "did not finish" in skipped


def test_200_megabytes_of_output_are_counted_but_not_kept(run):
    sub = run["by"]["stdout_flood"]
    assert sub["output_bytes"] >= 200_000_000
    assert len(sub["output"]) <= 16 * 1024


@pytest.mark.parametrize("name", CHEATS)
def test_a_cheat_earns_no_more_than_its_honest_twin(run, name):
    cheat, twin = run["by"][f"cheat_{name}"], run["by"][f"twin_{name}"]
    assert cheat["score"] <= twin["score"] < 60, (cheat["score"], twin["score"])


def test_no_secret_leaks_into_any_output(run):
    texts = [run["proc"].stdout, run["proc"].stderr]
    texts += [p.read_text(errors="ignore") for p in run["out"].rglob("*") if p.is_file()]
    assert not any(SECRET in t for t in texts)


def test_student_code_wrote_nothing_into_the_output_folder(run):
    assert not list(run["out"].rglob(f"*{MARKER}*"))
    data = json.loads((run["out"] / "results.json").read_text())
    assert len(data["submissions"]) == len(list(run["subs"].iterdir()))


def test_no_process_or_file_is_left_behind(run):
    # the forked children sleep 10 s after setsid() and then write files: wait longer than that
    time.sleep(max(0.0, 11.5 - run["seconds"]))
    assert _processes_named("hostilechild") == []
    leftovers = [p for p in Path("/tmp").glob(f"hostile-{MARKER}-*")] + list(Path.home().glob(f"hostile-{MARKER}-*"))
    leftovers += list(run["subs"].rglob(f"hostile-{MARKER}-*"))
    assert leftovers == []
    assert not [p for p in Path("/tmp").glob("grade-sandbox-*") if p.stat().st_mtime > time.time() - 60 and
                any(p.iterdir())]


def test_without_namespaces_the_grader_says_so_and_still_cleans_up(tmp_path):
    """The fallback (rlimits, process groups, a subreaper): forced with BACKPROP_GRADER_NO_NAMESPACES.

    A class without namespaces is refused unless opted in (tests/test_privileges.py); opted in here, to test
    what the fallback still does.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BACKPROP_GRADER_NO_NAMESPACES": "1", "GITHUB_TOKEN": SECRET,
           "BACKPROP_GRADER_UNSAFE_SANDBOX": "1"}
    check = subprocess.run([sys.executable, "-m", "grader", "--check-sandbox"], capture_output=True, text=True,
                           env=env, timeout=60)
    assert "sandbox level: rlimits" in check.stdout and "missing: namespaces" in check.stdout
    marker = secrets.token_hex(6)
    subs = tmp_path / "subs"
    for name, text in (("correct", SOLUTION),
                       ("fork", SOLUTION + "\n\n" + (HOSTILE / "fork_setsid.py").read_text().replace("{MARKER}", marker)),
                       ("hang", SOLUTION + "\n\n" + (HOSTILE / "hang_function.py").read_text())):
        (subs / name).mkdir(parents=True)
        (subs / name / "linear_regression.py").write_text(text)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "grader", str(subs), "--out", str(tmp_path / "out"), "--timeout", "2",
                           "--jobs", "2"], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr.count("sandbox without namespaces") == 1  # said once, at start-up
    by = {s["student"]: s for s in json.loads((tmp_path / "out" / "results.json").read_text())["submissions"]}
    assert by["correct"]["score"] == 100 and by["fork"]["score"] == 100
    assert "time-out" in " ".join(c["message"] for c in by["hang"]["checks"])
    time.sleep(max(0.0, 11.5 - (time.monotonic() - start)))
    assert _processes_named("hostilechild") == []
    assert not list(Path("/tmp").glob(f"hostile-{marker}-*")) and not list(tmp_path.rglob(f"hostile-{marker}-*"))
    if os.geteuid() == 0:  # --unsafe-sandbox as root: student code runs as root and may read any environment
        pytest.skip("contained and cleaned up; the grader's environment is readable by unsafe root sandboxes, "
                    "so the secret is checked for ordinary users only")
    assert SECRET not in proc.stdout + proc.stderr + (tmp_path / "out" / "results.json").read_text()
