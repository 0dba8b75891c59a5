"""The GitHub Classroom workflow (``examples/ci/classroom.yml``) grades a student's push and reports
the points in the form Classroom reads.

The workflow's grading step is taken from the YAML and run with bash, as the Actions runner runs it,
in a temporary checkout that holds a student's file, with a fake push event and the runner's
``GITHUB_*`` files; its ``result`` output is then read the way the reporter action reads it.

What Classroom reads, from classroom-resources' sources (autograding-grading-reporter tag v1 =
d13b5912daf5042ac1b71bc38bdb4a6bcd61d8ca, autograding-command-grader tag v1 =
d5b3fa6f50f7f629b7bfae0cc3e4c58852b412d5): :func:`reporter` below is the reporter's ``src/main.js``
and ``src/notify-classroom.js`` (and the lines of ``src/console-results.js`` that list the tests)
in Python; Python's floats are JavaScript's numbers, so the sums are the same to the last bit.
"""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml  # in the test extras: pip install '.[test]'

from conftest import ROOT
from grader.results import CheckResult, RunResult, SubmissionResult
from reports import ci

WORKFLOW = ROOT / "examples" / "ci" / "classroom.yml"
REPORTER = "classroom-resources/autograding-grading-reporter"
#: autograding-command-grader v1, src/main.js, generateResult: the keys of the result and of a test, in order.
RESULT_KEYS = ["version", "status", "max_score", "tests"]
TEST_KEYS = ["name", "status", "score", "message", "test_code", "filename", "line_no", "duration"]
CORRECT = ROOT / "solutions" / "xor_mlp.py"
BUGGY = ROOT / "tests" / "corpus" / "xor_mlp" / "mistakes" / "gradient-sign_xor_mlp.py"
VENV_BIN = Path(sys.executable).parent


# ---------------------------------------------------------------- the reporter, in Python

def js(x: int | float) -> str:
    """``String(x)`` in JavaScript, for the numbers met here (no exponents)."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


@dataclass
class Reported:
    notices: list[str]  #: the workflow commands the reporter prints for Classroom
    failed: str | None  #: its core.setFailed message
    lines: list[str]  #: what it prints for each test
    results: list[dict] = field(default_factory=list)  #: the decoded JSON of each runner


def reporter(runners: str, env: dict[str, str]) -> Reported:
    """What autograding-grading-reporter@v1 does with its ``runners`` input and environment."""
    runner_results = []
    for runner in runners.split(","):  # main.js
        encoded = env[f"{runner.strip().upper()}_RESULTS"]
        runner_results.append(json.loads(base64.b64decode(encoded).decode("utf-8")))
    lines = []
    for results in runner_results:  # console-results.js, per test
        for test in results["tests"]:
            where = f" - line {test['line_no']}" if test["line_no"] != 0 else ""
            if test["status"] == "pass":
                lines.append(f"✅ {test['name']}{where}")
            elif test["status"] == "error":
                fallback = "Failed to run test '" + test["name"] + "'"
                lines.append(f"Error: {test['message'] or fallback}")
            else:
                lines.append(f"❌ {test['name']}{where}")
    total = maximum = 0  # notify-classroom.js
    for results in runner_results:
        if not results.get("max_score"):
            continue
        maximum += results["max_score"]
        for test in results["tests"]:
            total += test["score"]
    notices = [] if not maximum else [
        f"::notice title=Autograding complete::Points {js(total)}/{js(maximum)}",
        f'::notice title=Autograding report::{{"totalPoints":{js(total)},"maxPoints":{js(maximum)}}}',
    ]
    failed = None
    if any(r["status"] == "fail" for r in runner_results):
        failed = "Some tests failed."
    elif any(r["status"] == "error" for r in runner_results):
        failed = "Some tests errored."
    return Reported(notices, failed, lines, runner_results)


# ---------------------------------------------------------------- the workflow

def load_workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def triggers(workflow: dict) -> list[str]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    return [on] if isinstance(on, str) else list(on)


def the_job(workflow: dict) -> dict:
    (job,) = workflow["jobs"].values()
    return job


def reporter_step(job: dict) -> dict:
    (step,) = [s for s in job["steps"] if s.get("uses", "").split("@")[0] == REPORTER]
    return step


def wiring(job: dict) -> tuple[dict, dict[str, tuple[str, str]]]:
    """The reporter's runners: env var -> (step id, output name) from its ``${{ steps.X.outputs.Y }}``."""
    step = reporter_step(job)
    wired = {}
    for runner in step["with"]["runners"].split(","):
        name = f"{runner.strip().upper()}_RESULTS"
        assert name in step["env"], f"the reporter reads {name} for runner {runner!r}"
        m = re.fullmatch(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}", str(step["env"][name]).strip())
        assert m, step["env"][name]
        wired[name] = (m.group(1), m.group(2))
    return step, wired


def step_by_id(job: dict, step_id: str) -> dict:
    (step,) = [s for s in job["steps"] if s.get("id") == step_id]
    return step


@dataclass
class StepRun:
    returncode: int
    stdout: str
    outputs: dict[str, str]
    summary: str
    checkout: Path


def parse_outputs(text: str) -> dict[str, str]:
    """A GITHUB_OUTPUT file: ``name=value`` lines and ``name<<DELIM`` blocks."""
    outputs, lines = {}, iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            body = []
            for item in lines:
                if item == delim:
                    break
                body.append(item)
            outputs[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs


def run_step(step: dict, workflow: dict, job: dict, checkout: Path, tmp_path: Path,
             extra_path: Path | None = None) -> StepRun:
    """Run a ``run:`` step with bash as the runner would, in ``checkout``, after a fake push event."""
    declared = {**workflow.get("env", {}), **job.get("env", {}), **step.get("env", {})}
    assert not any("${{" in str(v) for v in declared.values()), "the step's environment needs no expression"
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    event = runner / "event.json"
    event.write_text(json.dumps({
        "ref": "refs/heads/main", "before": "0" * 40, "after": "1" * 40, "created": False, "deleted": False,
        "forced": False, "pusher": {"name": "student", "email": "student@example.com"},
        "repository": {"name": "xor-student", "full_name": "course/xor-student", "default_branch": "main"},
        "head_commit": {"id": "1" * 40, "message": '$(touch pwned) `touch pwned` ::error::"fake"',
                        "author": {"name": "::notice::x", "username": "student"}},
        "commits": [],
    }))
    output, summary = runner / "output", runner / "summary.md"
    output.write_text("")
    summary.write_text("")
    script = runner / "step.sh"
    script.write_text(step["run"])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    env.update({str(k): str(v) for k, v in declared.items()})
    env.update({
        "PATH": os.pathsep.join([str(p) for p in (extra_path, VENV_BIN) if p] + [env.get("PATH", "/usr/bin:/bin")]),
        "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(event),
        "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(checkout),
        "GITHUB_ACTOR": "student", "GITHUB_REPOSITORY": "course/xor-student", "GITHUB_REF": "refs/heads/main",
        "RUNNER_TEMP": str(runner),
    })
    assert (VENV_BIN / "grade").exists(), "the grader is installed in the test environment"
    shell = step.get("shell", "bash")
    assert shell == "bash", shell
    # How the runner starts `shell: bash` (and, with none given, `bash -e {0}`) on Linux.
    argv = ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)] if "shell" in step \
        else ["bash", "-e", str(script)]
    proc = subprocess.run(argv, cwd=checkout, env=env, capture_output=True, text=True, timeout=120)
    assert not (checkout / "pwned").exists()
    return StepRun(proc.returncode, proc.stdout + proc.stderr, parse_outputs(output.read_text()),
                   summary.read_text(), checkout)


def grade_push(tmp_path: Path, student_file: Path | None, extra_path: Path | None = None) -> tuple[StepRun, Reported]:
    """Push ``student_file`` as the assignment's file, run the grading step, read it as the reporter does."""
    workflow = load_workflow()
    job = the_job(workflow)
    step, wired = wiring(job)
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "README.md").write_text("# XOR\n")
    assert workflow["env"]["ASSIGNMENT_FILES"].split() == ["xor_mlp.py"]
    if student_file is not None:
        shutil.copy(student_file, checkout / "xor_mlp.py")
    reporter_env = {}
    for name, (step_id, output) in wired.items():
        run = run_step(step_by_id(job, step_id), workflow, job, checkout, tmp_path, extra_path)
        assert run.returncode == 0, run.stdout  # the reporter decides whether the job fails
        assert output in run.outputs, run.stdout
        reporter_env[name] = run.outputs[output]
    return run, reporter(step["with"]["runners"], reporter_env)


def results_json(checkout: Path) -> dict:
    return json.loads((checkout / "feedback" / "results.json").read_text())


def grader_notices(checkout: Path) -> list[str]:
    """The pair the grader prints itself (which the step leaves to the reporter)."""
    return ci.classroom_notices(RunResult.from_dict(results_json(checkout)))


# ---------------------------------------------------------------- tests

def test_workflow_runs_where_classroom_grades_with_least_privilege() -> None:
    workflow = load_workflow()
    assert {"push", "repository_dispatch", "workflow_dispatch"} <= set(triggers(workflow))
    assert workflow["permissions"] == {"contents": "read"}
    job = the_job(workflow)
    assert "permissions" not in job
    for step in job["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), f"pin a major version: {step['uses']}"
        if "run" in step:
            assert "${{" not in step["run"], "no expression in a script: pass values through env"
    scripts = "\n".join(s.get("run", "") for s in job["steps"])
    assert "apt-get install" in scripts and "bubblewrap" in scripts and '"$GRADER"' in scripts
    assert reporter_step(job)["uses"] == f"{REPORTER}@v1"
    (upload,) = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["if"] == "always()" and upload["with"]["path"].rstrip("/") == "feedback"
    names = [s.get("id") or s.get("uses") for s in job["steps"]]
    _, wired = wiring(job)
    for step_id, _ in wired.values():  # the grading step comes before the reporter
        assert names.index(step_id) < names.index(reporter_step(job)["uses"])


def test_a_correct_push_gets_full_points(tmp_path: Path) -> None:
    run, reported = grade_push(tmp_path, CORRECT)
    (result,) = reported.results
    assert list(result) == RESULT_KEYS
    assert result["version"] == 1 and result["status"] == "pass" and result["max_score"] == 100
    assert reported.notices == [
        "::notice title=Autograding complete::Points 100/100",
        '::notice title=Autograding report::{"totalPoints":100,"maxPoints":100}',
    ]
    assert reported.failed is None
    tests = result["tests"]
    assert len(tests) == len(results_json(run.checkout)["submissions"][0]["checks"]) >= 10
    for test in tests:
        assert list(test) == TEST_KEYS
        assert test["status"] == "pass" and test["filename"] == "xor_mlp.py" and test["test_code"] == ""
        assert isinstance(test["line_no"], int) and isinstance(test["duration"], int)
        assert re.match(r"\d+\.\d+ \S", test["name"]), test["name"]
    assert sum(t["score"] for t in tests) == 100
    assert all(line.startswith("✅ ") for line in reported.lines)
    # The step leaves Classroom's notices to the reporter: the grader's own pair is the same, and not printed.
    assert "::notice" not in run.stdout
    assert grader_notices(run.checkout) == reported.notices
    assert "## Autograding results" in run.summary and "| ✅ graded | 100/100 |" in run.summary
    assert list((run.checkout / "feedback").glob("*/xor_mlp.html"))  # what the artifact keeps


def test_a_buggy_push_loses_points_and_says_why(tmp_path: Path) -> None:
    run, reported = grade_push(tmp_path, BUGGY)
    (result,) = reported.results
    score = results_json(run.checkout)["submissions"][0]["score"]
    assert 0 < score < 100
    assert result["status"] == "fail" and result["max_score"] == 100
    assert reported.notices[0] == f"::notice title=Autograding complete::Points {js(score)}/100"
    assert reported.notices == grader_notices(run.checkout)
    assert reported.failed == "Some tests failed."
    failing = {t["name"]: t for t in result["tests"] if t["status"] == "fail"}
    assert any("backward matches the reference" in name for name in failing)
    assert all(t["score"] == 0 for t in failing.values())
    assert all("Gradient with the wrong sign" in t["message"] for t in failing.values())
    assert sum(line.startswith("❌ ") for line in reported.lines) == len(failing)
    assert "::notice" not in run.stdout
    assert re.search(r"^::error file=xor_mlp\.py,", run.stdout, re.MULTILINE)  # on the student's file
    assert f"| ❌ graded | {js(score)}/100 |" in run.summary
    assert "Gradient with the wrong sign" in run.summary


def test_a_push_without_the_file_gets_zero_and_the_reason(tmp_path: Path) -> None:
    run, reported = grade_push(tmp_path, None)
    (result,) = reported.results
    assert result["status"] == "error" and result["max_score"] == 100
    assert list(result)[:4] == RESULT_KEYS and all(list(t) == TEST_KEYS for t in result["tests"])
    assert reported.notices[0] == "::notice title=Autograding complete::Points 0/100"
    assert reported.failed == "Some tests errored."
    assert reported.lines == ["Error: not in the repository: xor_mlp.py (commit it at the top of the repository)"]
    assert "::error title=Not graded::not in the repository: xor_mlp.py" in run.stdout


def test_a_grader_that_stops_without_a_result_still_reports(tmp_path: Path) -> None:
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    (fake / "grade").write_text("#!/bin/sh\necho 'grade: the sandbox could not be started' >&2\nexit 4\n")
    (fake / "grade").chmod(0o755)
    run, reported = grade_push(tmp_path, CORRECT, extra_path=fake)
    (result,) = reported.results
    assert result["status"] == "error" and reported.notices[0].endswith("Points 0/100")
    assert "exit code 4" in result["message"] and "grade exited with 4" in run.stdout


def test_classroom_notices_add_up_like_the_reporter() -> None:
    """Scores that are not sums of halves: the grader's notices print what the reporter prints."""
    def check(n: int, points: float) -> CheckResult:
        return CheckResult(id=f"api.c{n}", category="api", title=f"check {n}", passed=points == 1,
                           points=points, max_points=1, message="" if points == 1 else "no")
    sub = SubmissionResult(student="s", assignment="xor_mlp", path="xor_mlp.py", status="graded",
                           score=0.3, max_score=3, checks=[check(1, 0.1), check(2, 0.2), check(3, 0)])
    run = RunResult([sub])
    reported = reporter("backprop", {"BACKPROP_RESULTS": ci.classroom_result(run)})
    assert reported.notices == ci.classroom_notices(run)
    assert reported.notices[0] == "::notice title=Autograding complete::Points 0.30000000000000004/3"
    assert reported.failed == "Some tests failed."
    assert reported.lines == ["❌ 1.1 check 1", "❌ 1.2 check 2", "❌ 1.3 check 3"]
