"""The grader installed as a package (not run from the repository) still grades.

CI installs with ``pip install .`` into a virtual environment inside a fresh
clone under ``/tmp``: the interpreter and the grader's own package then sit
below ``/tmp``, which the sandbox replaces with an empty folder, and the
package sits in the ``site-packages`` that also holds NumPy, which the sandbox
must see while hiding the grader. This builds that layout without
pip: a virtual environment under pytest's temporary folder, the grader's
packages copied into its ``site-packages``, and the test environment's
libraries reached through a ``.pth`` file.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import numpy
import pytest

from conftest import ROOT


def _installed_copy(tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    for pkg in ("grader", "reports", "assignments", "solutions"):
        shutil.copytree(ROOT / pkg, site / pkg, ignore=shutil.ignore_patterns("__pycache__"))
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
    proc = subprocess.run([str(python), "-m", "grader", str(submission), "--out", str(out), "--quiet"],
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
    # the model answers and the checks sit in the same site-packages as NumPy, yet the student cannot read them
    if "bubblewrap" not in json.dumps(result["sandbox"]):  # the fallback can read world-readable files: README
        pytest.skip("graded and scored 100; that the answers stay unreadable needs bubblewrap, which cannot start here")
    assert "PEEKED" in sub["output"] and "LEAKED" not in sub["output"], sub["output"]
