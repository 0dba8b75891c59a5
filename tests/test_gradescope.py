"""The Gradescope autograder bundle (README, "Gradescope"): ``grade --gradescope-zip`` builds a zip
whose ``run_autograder``, unzipped into a simulated ``AUTOGRADER_ROOT`` tree (``source/``,
``submission/``, ``results/``), writes a ``results.json`` that follows Gradescope's documented
format (https://gradescope-autograders.readthedocs.io/en/latest/specs/), for a correct upload, a
buggy one and uploads that cannot be graded.

``setup.sh`` is not run (it calls apt-get and PyPI): its shell syntax and what it installs are
checked; ``run_autograder`` uses the grader installed in this environment.
"""
from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from reports import gradescope

ASSIGNMENT = "xor_mlp"
BUGGY = ROOT / "tests/corpus/xor_mlp/mistakes/gradient-sign_xor_mlp.py"
HIDDEN = ["gradient", "training:after_published", "convergence.xor:hidden"]

# Gradescope's "Autograder Specifications", Output format.
TOP_FIELDS = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
              "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
TEST_FIELDS = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
               "visibility", "extra_data"}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def validate(data: dict, max_score: float = 100.0) -> None:
    """``data`` is a results.json Gradescope accepts, and student text is never rendered as HTML or Markdown."""
    assert set(data) <= TOP_FIELDS, set(data) - TOP_FIELDS
    assert _number(data["score"]) and 0 <= data["score"] <= max_score
    assert _number(data["execution_time"]) and data["execution_time"] >= 0
    assert isinstance(data["output"], str) and data["output"]
    # "simple_format" (HTML) is the default of the top-level output: every format must be said, and be text
    assert data["output_format"] == data["test_output_format"] == data["test_name_format"] == "text"
    assert data["visibility"] in VISIBILITY and data["stdout_visibility"] in VISIBILITY
    assert data["stdout_visibility"] != "visible"  # the grader's log is for instructors
    assert isinstance(data["extra_data"], dict)
    tests = data["tests"]
    assert isinstance(tests, list) and tests
    numbers = []
    for t in tests:
        assert set(t) <= TEST_FIELDS, set(t) - TEST_FIELDS
        assert _number(t["score"]) and _number(t["max_score"]) and 0 <= t["score"] <= t["max_score"]
        assert t["status"] in ("passed", "failed")
        assert t["status"] == "failed" or t["score"] == t["max_score"]
        assert isinstance(t["name"], str) and t["name"] and isinstance(t["output"], str)
        assert isinstance(t["number"], str)
        numbers.append(t["number"])
        assert t["visibility"] in VISIBILITY
        assert t.get("output_format", "text") == "text" and t.get("name_format", "text") == "text"
        assert all(isinstance(tag, str) for tag in t.get("tags", []))
        assert isinstance(t.get("extra_data", {}), dict)
    assert len(set(numbers)) == len(numbers)
    assert math.isclose(sum(t["score"] for t in tests), data["score"], abs_tol=1e-9)
    assert math.isclose(sum(t["max_score"] for t in tests), max_score, abs_tol=1e-9)


def _load(path: Path) -> dict:
    def no_constants(name: str):
        raise ValueError(f"{name} in results.json")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=no_constants)


def _build(tmp: Path, *extra: str) -> Path:
    zip_path = tmp / "autograder.zip"
    proc = subprocess.run([sys.executable, "-m", "grader", "--gradescope-zip", ASSIGNMENT, str(zip_path), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return zip_path


@pytest.fixture(scope="module")
def grading():
    """Student code may run here (otherwise the grader refuses, exit 4, and every upload scores 0)."""
    from grader.sandbox import isolation

    refused = isolation.refusal(isolation.detect(), 1)
    if refused:  # (run_autograder is run without BACKPROP_GRADER_* variables, the opt-in among them)
        pytest.skip(f"the grader refuses to run student code on this machine: {refused}")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("bundle"))


@pytest.fixture(scope="module")
def hidden_bundle(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("hidden"), *[f"--gradescope-hidden={h}" for h in HIDDEN])


def autograder_tree(zip_path: Path, root: Path, files: dict[str, Path | str] | None = None) -> Path:
    """``root`` laid out as Gradescope does: the zip in ``source/``, the upload in ``submission/``."""
    for name in ("source", "submission", "results"):
        (root / name).mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
        for info in zf.infolist():  # extractall drops the permissions the zip holds; Gradescope keeps them
            os.chmod(root / "source" / info.filename, info.external_attr >> 16 & 0o777)
    for name, content in (files or {}).items():
        target = root / "submission" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def run_autograder(root: Path, path_env: str | None = None, bash: bool = False) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKPROP_GRADER_")}
    env["AUTOGRADER_ROOT"] = str(root)
    env["PATH"] = path_env if path_env is not None else f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    script = root / "source" / "run_autograder"
    cmd = ["/bin/bash", str(script)] if bash else [str(script)]
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=200)
    assert proc.returncode == 0, proc.stderr
    results = root / "results" / "results.json"
    assert results.is_file(), proc.stdout + proc.stderr
    return _load(results)


# ---------------------------------------------------------------- the zip


def test_the_zip_holds_what_gradescope_runs(bundle, tmp_path):
    with zipfile.ZipFile(bundle) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        wheel_name = next(n for n in infos if n.endswith(".whl"))
        assert set(infos) == {"setup.sh", "run_autograder", gradescope.CONFIG_NAME, "README.txt", wheel_name}
        for script in ("setup.sh", "run_autograder"):  # at the root, executable, a #! line
            assert infos[script].external_attr >> 16 & 0o111 == 0o111
            assert zf.read(script).startswith(b"#!/usr/bin/env bash\n")
        setup = zf.read("setup.sh").decode()
        run = zf.read("run_autograder").decode()
        config = json.loads(zf.read(gradescope.CONFIG_NAME))
        wheel = tmp_path / wheel_name
        wheel.write_bytes(zf.read(wheel_name))
    for script, text in (("setup.sh", setup), ("run_autograder", run)):
        (tmp_path / script).write_text(text)
        proc = subprocess.run(["bash", "-n", str(tmp_path / script)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{script}: {proc.stderr}"
    # setup.sh: bubblewrap from apt, the grader from the shipped wheel (never from an index), into a venv
    assert "set -euo pipefail" in setup
    install = next(line for line in setup.splitlines() if line.startswith("apt-get install -y"))
    assert "bubblewrap" in install.split() and "python3-venv" in install.split()
    assert f'WHEEL="$SOURCE/"{wheel_name}' in setup and 'pip install --no-cache-dir "$WHEEL"' in setup
    assert "backprop-grader" not in setup.split("pip install --no-cache-dir")[-1].split("\n")[0]
    assert '-m venv "$VENV"' in setup and "${AUTOGRADER_ROOT:-/autograder}" in setup
    assert 'chmod -R o= "$SITE/$package"' in setup and "for package in grader reports solutions" in setup
    # run_autograder: every path under AUTOGRADER_ROOT, and a results.json even when Python cannot start
    assert "${AUTOGRADER_ROOT:-/autograder}" in run and "/autograder/" not in run.replace("# ", "").split("set -u")[1]
    assert '"$PYTHON" -I -m reports.gradescope run' in [line.strip() for line in run.splitlines()] and '[ ! -s "$RESULTS/results.json" ]' in run
    assert config == {"assignment": ASSIGNMENT, "hidden": {}, "options": config["options"], "max_score": 100.0,
                      "grader_version": config["grader_version"], "wheel": wheel_name}
    assert config["options"] == {"timeout": 10.0, "total_timeout": 120.0, "memory": 2048, "diagnose": True}
    with zipfile.ZipFile(wheel) as whl:  # a complete grader: its data, sandbox worker, templates, this module
        names = set(whl.namelist())
    for needed in ("grader/cli.py", "grader/sandbox/worker.py", "assignments/mnist_softmax/mnist_subset.npz", "solutions/xor_mlp.py",
                   "reports/gradescope.py", "reports/templates/submission.html.j2",
                   "reports/templates/gradescope/run_autograder.j2"):
        assert needed in names, needed
    assert not [n for n in names if "__pycache__" in n or n.startswith(("build/", "tests/"))]


# ---------------------------------------------------------------- grading an upload


def test_a_correct_upload_scores_full_marks(bundle, tmp_path, grading):
    root = autograder_tree(bundle, tmp_path / "ag", {"Alice Smith - HW2 final.py": ROOT / "solutions/xor_mlp.py"})
    data = run_autograder(root)
    validate(data)
    assert data["score"] == 100 and all(t["status"] == "passed" for t in data["tests"])
    assert all(t["visibility"] == "visible" for t in data["tests"]) and data["visibility"] == "visible"
    assert data["output"].startswith("Graded file: Alice Smith - HW2 final.py\n") and "Score: 100/100" in data["output"]
    assert data["extra_data"]["status"] == "graded" and data["extra_data"]["assignment"] == ASSIGNMENT
    assert (root / "results" / gradescope.REPORT_NAME).read_text().startswith("<!doctype html>")
    if os.geteuid() == 0:  # student code (another uid) reads neither the zip's files nor the results
        assert not (root / "source").stat().st_mode & 0o007 and not (root / "results").stat().st_mode & 0o007


def test_a_buggy_upload_loses_the_points_its_mistake_costs(bundle, tmp_path, grading):
    root = autograder_tree(bundle, tmp_path / "ag", {"hw/gradient-sign_xor_mlp.py": BUGGY, "hw/helpers.py": "x = 1\n",
                                                     "__MACOSX/hw/._xor_mlp.py": "\0\0"})
    data = run_autograder(root)
    validate(data)
    assert 0 < data["score"] < 100
    failed = {t["extra_data"]["id"] for t in data["tests"] if t["status"] == "failed"}
    assert {"gradient.numerical", "gradient.reference"} <= failed
    assert all(t["status"] == "passed" for t in data["tests"] if t["tags"] == ["forward"])
    assert "Likely mistake: Gradient with the wrong sign" in data["output"]
    assert "Graded file: hw/gradient-sign_xor_mlp.py" in data["output"] and "Not graded" in data["output"]
    assert data["extra_data"]["not_graded"] == ["hw/helpers.py"]


def test_hidden_tests_are_not_told_in_the_summary(hidden_bundle, tmp_path, grading):
    config = json.loads(zipfile.ZipFile(hidden_bundle).read(gradescope.CONFIG_NAME))
    assert config["hidden"] == {"gradient": "after_due_date", "training": "after_published", "convergence.xor": "hidden"}
    root = autograder_tree(hidden_bundle, tmp_path / "ag", {"submission.py": BUGGY})
    data = run_autograder(root)
    validate(data)
    visibility = {t["extra_data"]["id"]: t["visibility"] for t in data["tests"]}
    assert visibility == {**{i: "visible" for i in visibility if i.split(".")[0] in ("api", "shape", "forward")},
                          "gradient.numerical": "after_due_date", "gradient.reference": "after_due_date",
                          "training.init_params": "after_published", "training.train": "after_published",
                          "convergence.xor": "hidden"}
    shown = [t for t in data["tests"] if t["visibility"] == "visible"]
    # the top-level output, always shown, speaks of the visible tests only: every one passed here
    assert f"Score on the tests shown now: {sum(t['score'] for t in shown):g}/{sum(t['max_score'] for t in shown):g}" \
        in data["output"]
    assert "2 more tests (25 points) are shown after the due date." in data["output"]
    assert "1 more test (15 points) is never shown to students." in data["output"]
    assert "wrong sign" not in data["output"] and "Likely mistake" not in data["output"]
    assert "Score: " not in data["output"]


SYNTAX_ERROR = "def forward(X, params):\n    return X @ params['W1'\n"


@pytest.mark.parametrize("files, why", [
    ({}, "No .py or .ipynb file in your submission"),
    ({"notes.txt": "my answers are in the notebook\n"}, "No .py or .ipynb file in your submission"),
    ({"xor_mlp.py": SYNTAX_ERROR}, "SyntaxError"),
    ({"a.py": "x = 1\n", "b.ipynb": "{}"}, "none has xor_mlp in its name"),
    ({"xor_mlp_v1.py": "x = 1\n", "my_xor_mlp.py": "x = 2\n"}, "Several files could be your xor_mlp"),
], ids=["empty", "no-python", "syntax-error", "two-unnamed", "two-named"])
def test_an_upload_that_cannot_be_graded_scores_0_and_says_why(bundle, tmp_path, files, why, grading):
    root = autograder_tree(bundle, tmp_path / "ag", files)
    data = run_autograder(root)
    validate(data)
    assert data["score"] == 0 and data["extra_data"]["status"] == "error"
    assert why in data["output"] and any(why in t["output"] for t in data["tests"])


def test_when_the_grader_refuses_the_results_say_why(bundle, tmp_path):
    """``grade`` writes nothing (here: a limit it refuses); results.json still exists and says why."""
    root = autograder_tree(bundle, tmp_path / "ag", {"xor_mlp.py": ROOT / "solutions/xor_mlp.py"})
    config = root / "source" / gradescope.CONFIG_NAME
    config.write_text(json.dumps({**json.loads(config.read_text()), "options": {"memory": 1}}))
    data = run_autograder(root)
    validate(data)
    assert data["score"] == 0 and "--memory at least 256 MB" in data["output"]
    assert data["extra_data"]["grade_exit_code"] == 2
    refused = gradescope._why_not_run(4, "grade: refusing to run student code: running as root without namespaces")
    assert "not a problem with your submission" in refused and "refusing to run student code" in refused


def test_without_python_or_the_grader_run_autograder_still_writes_results(bundle, tmp_path):
    root = autograder_tree(bundle, tmp_path / "ag", {"xor_mlp.py": ROOT / "solutions/xor_mlp.py"})
    (root / "results" / "results.json").write_text('{"score": 100}')  # stale: must not stand
    data = run_autograder(root, path_env=str(tmp_path / "nothing-here"), bash=True)
    validate(data)
    assert data["score"] == 0 and "setup.sh" in data["output"]


def test_symbolic_links_are_never_graded(bundle, tmp_path):
    root = autograder_tree(bundle, tmp_path / "ag")
    (root / "submission" / "xor_mlp.py").symlink_to(ROOT / "solutions" / "xor_mlp.py")
    data = run_autograder(root)
    validate(data)
    assert data["score"] == 0 and "symbolic link" in data["output"]


# ---------------------------------------------------------------- choosing the file, options


@pytest.mark.parametrize("names, chosen", [
    (["hw2.py"], "hw2.py"),
    (["Homework.ipynb"], "Homework.ipynb"),
    (["helpers.py", "XOR-MLP answers.py"], "XOR-MLP answers.py"),
    (["xor_mlp.py", "test_xor_mlp.py"], "xor_mlp.py"),
    (["xor_mlp.py", ".xor_mlp.py", "__pycache__/xor_mlp.py", ".ipynb_checkpoints/xor_mlp-checkpoint.ipynb"],
     "xor_mlp.py"),
    (["a.py", "b.py"], None),
    (["xor_mlp.py", "xor_mlp.ipynb"], None),
    (["README.md"], None),
])
def test_which_file_is_graded(tmp_path, names, chosen):
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    path, why, _ = gradescope.choose_submission(tmp_path, ASSIGNMENT)
    assert (path.name if path else None) == (Path(chosen).name if chosen else None), why
    assert bool(why) == (chosen is None)


def test_bundle_options_are_checked(capsys):
    from grader.cli import main

    assert main(["--gradescope-hidden", "gradient"]) == 2  # without --gradescope-zip
    assert main(["--gradescope-zip", "nope", "x.zip"]) == 2
    assert main(["--gradescope-zip", ASSIGNMENT, "x.zip", "--gradescope-hidden", "gradients"]) == 2
    assert main(["--gradescope-zip", ASSIGNMENT, "x.zip", "--gradescope-hidden", "gradient:never"]) == 2
    assert main(["--gradescope-zip", ASSIGNMENT, "x.zip", "some_file.py"]) == 2
    err = capsys.readouterr().err
    assert "neither a category" in err and "after_due_date" in err
    assert gradescope.parse_hidden(["api", "convergence.xor:after_published"], ASSIGNMENT) == {
        "api": "after_due_date", "convergence.xor": "after_published"}
