"""The grader installed as a package (not run from the repository): what a student's ``pip install`` gives.

The package is built by pip (a wheel, from a copy of the project's files, so a
stale ``build/`` folder cannot slip anything in) and installed with pip into a
fresh virtual environment under ``/tmp``: the interpreter and the grader's own
package then sit below ``/tmp``, which the sandbox replaces with an empty folder,
and the package sits in the ``site-packages`` that also holds NumPy, which the
sandbox must see while hiding the grader. The test environment's other
libraries are reached through a ``.pth`` file.

What is checked: no model answer on disk (every function body of
``solutions/*.py`` that the stubs do not already give students is searched for
in every installed file), ``grade`` there gives a student-mode report, and
``grade --solutions DIR`` there is the course's full run.
"""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import numpy
import pytest

from conftest import ROOT


_WHEEL: dict[str, Path] = {}


def _wheel() -> Path:
    """The project's wheel, built once per test run by pip from a clean copy of its files."""
    if "path" not in _WHEEL:
        src = Path(tempfile.mkdtemp(prefix="grader-src-", dir="/tmp"))
        shutil.copytree(ROOT, src / "project", ignore=shutil.ignore_patterns(
            "__pycache__", ".venv", "venv", ".git", "build", "dist", "*.egg-info", "feedback", "tests", "bench"))
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(src / "dist"),
                               str(src / "project")], capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"pip could not build the wheel: {proc.stderr[-2000:]}"
        _WHEEL["path"] = next((src / "dist").glob("*.whl"))
    return _WHEEL["path"]


def _installed_copy(tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
                           "--quiet", "--no-deps", "--no-index", str(_wheel())], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # NumPy beside the grader, as pip puts it; the grader's other libraries through a folder whose name does
    # not say site-packages, so the sandbox can only find NumPy where pip would have put it.
    numpy_dir = Path(numpy.__file__).parent
    for extra in (numpy_dir, numpy_dir.with_name("numpy.libs")):
        if extra.is_dir():
            shutil.copytree(extra, site / extra.name, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    libs = []
    for i, lib in enumerate(sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})):
        link = tmp_path / f"libs{i}"
        link.symlink_to(lib)
        libs.append(str(link))
    (site / "test_libraries.pth").write_text("\n".join(libs) + "\n")
    return venv / "bin" / "python"


@pytest.fixture
def tmp_path() -> Path:
    """A folder under /tmp itself, whatever TMPDIR says: that is the layout that broke."""
    path = Path(tempfile.mkdtemp(prefix="grader-install-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


PEEK = """
import glob, sys


def _peek():
    for folder in sys.path:
        for found in glob.glob(folder + "/solutions/*.py") + glob.glob(folder + "/assignments/*/checks.py"):
            try:
                print("LEAKED", found, len(open(found).read()))
            except OSError:
                pass
    print("PEEKED", len(sys.path), "folders")


_PEEK = _peek()
"""

def test_an_installed_grader_in_a_venv_under_tmp_grades_a_correct_submission(tmp_path):
    python = _installed_copy(tmp_path)
    out = tmp_path / "out"
    submission = tmp_path / "alice" / "linear_regression.py"
    submission.parent.mkdir()
    submission.write_text((ROOT / "examples/submissions/alice/linear_regression.py").read_text() + PEEK)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run([str(python), "-m", "grader", str(submission), "--out", str(out), "--quiet",
                           "--solutions", str(ROOT / "solutions")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    # the grader really ran from the copy, not from the repository
    where = subprocess.run([str(python), "-c", "import grader; print(grader.__file__)"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(tmp_path)), where
    result = json.loads((out / "results.json").read_text())
    (sub,) = result["submissions"]
    assert sub["status"] == "graded", sub
    assert sub["score"] == sub["max_score"] == 100
    assert sub["mode"] == "course" and not any(c["held"] for c in sub["checks"])
    # the model answers and the checks sit in the same site-packages as NumPy, yet the student cannot read them
    if "bubblewrap" not in json.dumps(result["sandbox"]):  # the fallback can read world-readable files: README
        pytest.skip("graded and scored 100; that the answers stay unreadable needs bubblewrap, which cannot start here")
    assert "PEEKED" in sub["output"] and "LEAKED" not in sub["output"], sub["output"]


def _bodies(path: Path) -> list[str]:
    """Every function body of a file, whitespace removed (how it would be found, however reformatted)."""
    source = path.read_text()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body[1:] if ast.get_docstring(node) is not None and len(node.body) > 1 else node.body
            text = "".join(ast.get_source_segment(source, stmt) or "" for stmt in body)
            found.append(re.sub(r"\s+", "", text))
    return found


def test_what_pip_installs_holds_no_model_answer_and_grades_in_student_mode(tmp_path):
    python = _installed_copy(tmp_path)
    site = next((tmp_path / "venv").glob("lib/python*/site-packages"))
    installed = "".join(re.sub(r"\s+", "", p.read_text(errors="replace"))
                        for p in site.rglob("*") if p.is_file() and p.suffix in (".py", ".ipynb", ".md", ".txt", ".json"))
    assert "assignments" in installed and len(installed) > 100_000, "the install holds the grader"
    searched = 0
    for answer in sorted((ROOT / "solutions").glob("*.py")):
        if answer.name == "__init__.py":
            continue
        stub = ROOT / "assignments" / answer.stem / f"{answer.stem}.py"
        given = set(_bodies(stub)) if stub.is_file() else set()  # code the handout gives every student anyway
        for body in _bodies(answer):
            if len(body) < 60 or body in given:
                continue
            searched += 1
            assert body not in installed, f"{answer.name}: a function body of the model answer is installed"
    assert searched >= 50, searched
    assert not list(site.rglob("solutions")) and not list(site.rglob("*_mistakes.py"))
    # and grade there is a student's grade: what needs the answers is held, never failed
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    submission = tmp_path / "xor_mlp.py"
    submission.write_text((ROOT / "solutions" / "xor_mlp.py").read_text())
    proc = subprocess.run([str(python), "-m", "grader", str(submission), "--out", str(out)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "course's grader" in proc.stdout, proc.stdout
    (sub,) = json.loads((out / "results.json").read_text())["submissions"]
    assert sub["mode"] == "student" and sub["status"] == "graded"
    held = [c for c in sub["checks"] if c["held"]]
    assert [c["id"] for c in held] == ["gradient.reference"], held
    assert not any(not c["passed"] for c in sub["checks"] if not c["held"])
    assert sub["score"] == 100 - sum(c["max_points"] for c in held)
