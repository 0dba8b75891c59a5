"""The GitHub Actions workflows shipped for courses (every file in examples/ci/) pass actionlint."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT

ACTIONLINT = shutil.which("actionlint")
WORKFLOWS = sorted((ROOT / "examples" / "ci").glob("*.y*ml"))


def test_the_workflows_are_found():
    assert {p.name for p in WORKFLOWS} >= {"autograde.yml", "classroom.yml"}


@pytest.mark.skipif(ACTIONLINT is None, reason="actionlint not installed (pip install '.[test]')")
@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_passes_actionlint(workflow):
    proc = subprocess.run([ACTIONLINT, "-no-color", str(workflow)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(ACTIONLINT is None, reason="actionlint not installed (pip install '.[test]')")
def test_actionlint_does_find_mistakes(tmp_path):
    """The check above can fail: a misspelt input and an injectable expression are reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n")
    proc = subprocess.run([ACTIONLINT, "-no-color", str(bad)], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "untrusted" in proc.stdout


def test_workflow_grades_changed_files_and_fails_under_a_threshold():
    text = (ROOT / "examples" / "ci" / "autograde.yml").read_text()
    assert "pull_request" in text and "--github" in text and "--fail-under" in text
    assert "git diff --name-only" in text
