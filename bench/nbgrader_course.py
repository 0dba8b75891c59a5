"""A minimal nbgrader course for the side-by-side benchmark, and how to run it.

Layout (nbgrader's defaults)::

    course/
      nbgrader_config.py
      gradebook.db                      created by generate_assignment
      source/<assignment>/<assignment>.ipynb
      release/<assignment>/<assignment>.ipynb
      submitted/<student>/<assignment>/<assignment>.ipynb
      autograded/...                    written by autograde

The source notebook has a solution cell (the reference between
``### BEGIN SOLUTION``/``### END SOLUTION``), a locked read-only setup cell and
one autograded test cell per check (``bench/nbgrader_tests.py``). A student's
notebook is the release notebook with the student's code in the solution
cell (and the following cells), as a student who filled in the handout would
hand it in.

nbgrader runs from its own virtual environment (``bench/.venv-nbgrader``),
never the project's: nothing here imports nbgrader or nbformat. Notebooks
are written as plain JSON.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbgrader_tests
from procmem import TreeMemory

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = HERE / ".venv-nbgrader"
REQUIREMENTS = HERE / "requirements-nbgrader.txt"
SOLUTION_ID = "student_code"


class Unavailable(Exception):
    """nbgrader cannot be installed or run here; the message says why."""


# --------------------------------------------------------------------------- the virtual environment


def venv_bin(name: str) -> Path:
    return VENV / ("Scripts" if os.name == "nt" else "bin") / name


def ensure_venv(log) -> str:
    """Create bench/.venv-nbgrader and install nbgrader there if needed; its nbgrader version."""
    py = venv_bin("python")
    if not py.exists():
        log(f"creating {VENV.relative_to(ROOT)} (once; nbgrader stays out of the project's environment)")
        try:
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True, timeout=300)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise Unavailable(f"could not create a virtual environment ({_why(exc)})") from None
    if _nbgrader_version() is None:
        import numpy

        # The kernel gets the project's NumPy version, so both graders run the same numerics.
        cmd = [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "-r", str(REQUIREMENTS), f"numpy=={numpy.__version__}"]
        log("installing nbgrader into it: " + " ".join(cmd[3:]))
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=1200)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise Unavailable(f"pip could not install {REQUIREMENTS.name} ({_why(exc)})") from None
    version = _nbgrader_version()
    if version is None:
        raise Unavailable("nbgrader was installed but cannot be imported")
    return version


def _nbgrader_version() -> str | None:
    py = venv_bin("python")
    if not py.exists():
        return None
    proc = subprocess.run([str(py), "-c", "import nbgrader, ipykernel; print(nbgrader.__version__)"], check=False,
                          capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else None


def _why(exc: BaseException) -> str:
    if isinstance(exc, subprocess.CalledProcessError):
        err = (exc.stderr or b"").decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        lines = [ln for ln in err.strip().splitlines() if ln.strip() and "is ignored" not in ln]
        return lines[-1][:300] if lines else f"exit code {exc.returncode}"
    return str(exc)[:300]


# --------------------------------------------------------------------------- notebooks as JSON


def _cell(kind: str, source: str, n: int, nbgrader: dict | None = None) -> dict:
    cell = {"cell_type": kind, "id": f"c{n:04d}", "metadata": {}, "source": source}
    if nbgrader is not None:
        cell["metadata"]["nbgrader"] = {"schema_version": 3, "grade": False, "solution": False, "locked": False,
                                        **nbgrader}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _notebook(cells: list[dict]) -> dict:
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                         "language_info": {"name": "python"}}}


def source_notebook(assignment: str, mnist_path: str) -> dict:
    ref = (ROOT / "solutions" / f"{assignment}.py").read_text()
    cells = [_cell("markdown", f"# {assignment}\n\nImplement the functions below (see its README.md).", 0),
             _cell("code", "### BEGIN SOLUTION\n" + ref + "\n### END SOLUTION\n", 1,
                   {"grade_id": SOLUTION_ID, "solution": True}),
             _cell("code", nbgrader_tests.setup_source(assignment, ref, mnist_path), 2,
                   {"grade_id": "setup", "locked": True})]
    for k, (cid, points, src) in enumerate(nbgrader_tests.tests(assignment), start=3):
        cells.append(_cell("code", src, k, {"grade_id": cid.replace(".", "-"), "grade": True, "locked": True,
                                            "points": points}))
    return _notebook(cells)


def student_notebook(release: dict, code_cells: list[str]) -> dict:
    """The release notebook with the student's code in (and after) the solution cell."""
    nb = json.loads(json.dumps(release))
    cells = nb["cells"]
    at = next(i for i, c in enumerate(cells)
              if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == SOLUTION_ID)
    code_cells = code_cells or ["pass\n"]
    cells[at]["source"] = code_cells[0]
    extra = [_cell("code", src, 9000 + k) for k, src in enumerate(code_cells[1:])]
    cells[at + 1:at + 1] = extra
    return nb


# --------------------------------------------------------------------------- the course


class Course:
    def __init__(self, root: Path) -> None:
        self.root = root

    def env(self) -> dict[str, str]:
        """nbgrader and its kernel: the venv first on PATH (nbgrader calls `alembic`), private Jupyter dirs,
        one BLAS thread per process as in the grader's sandbox."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON", "PYTHON"))}
        env.update(PATH=f"{venv_bin('python').parent}{os.pathsep}{env.get('PATH', '')}",
                   JUPYTER_CONFIG_DIR=str(self.root / ".jupyter"), JUPYTER_DATA_DIR=str(self.root / ".jupyter-data"),
                   JUPYTER_RUNTIME_DIR=str(self.root / ".jupyter-runtime"), IPYTHONDIR=str(self.root / ".ipython"),
                   OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED="0",
                   MPLBACKEND="Agg")
        return env

    def create(self, assignments: list[str], mnist_path: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "nbgrader_config.py").write_text(
            "c = get_config()\n"
            f"c.CourseDirectory.root = {str(self.root)!r}\n"
            "c.CourseDirectory.course_id = 'bench'\n"
            "c.Execute.timeout = 60\n")
        for a in assignments:
            d = self.root / "source" / a
            d.mkdir(parents=True, exist_ok=True)
            (d / f"{a}.ipynb").write_text(json.dumps(source_notebook(a, mnist_path), indent=1))
            self.nbgrader("generate_assignment", a, "--force")

    def release(self, assignment: str) -> dict:
        return json.loads((self.root / "release" / assignment / f"{assignment}.ipynb").read_text())

    def submit(self, student: str, assignment: str, code_cells: list[str]) -> None:
        d = self.root / "submitted" / student / assignment
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{assignment}.ipynb").write_text(json.dumps(student_notebook(self.release(assignment), code_cells)))
        (d / "timestamp.txt").write_text("2026-01-01 00:00:00.000000 UTC")

    def copy_with(self, dest: Path, students: list[str]) -> Course:
        """A copy of this course (config, db, source, release) with only some students' submissions."""
        shutil.copytree(self.root, dest, ignore=shutil.ignore_patterns("submitted", "autograded", ".jupyter*",
                                                                        ".ipython"))
        cfg = dest / "nbgrader_config.py"
        cfg.write_text(cfg.read_text().replace(repr(str(self.root)), repr(str(dest))))
        for s in students:
            src = self.root / "submitted" / s
            if src.exists():
                shutil.copytree(src, dest / "submitted" / s)
        return Course(dest)

    def nbgrader(self, *args: str, timeout: float = 3600) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(venv_bin("nbgrader")), *args], cwd=self.root, env=self.env(), check=False,
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            tail = [ln for ln in proc.stderr.splitlines() if "ERROR" in ln or "Error" in ln][-3:]
            raise Unavailable(f"`nbgrader {' '.join(args)}` failed (exit {proc.returncode}): "
                              + (" | ".join(tail) or proc.stderr.strip()[-300:]))
        return proc

    def autograde_command(self, assignments: list[str], student: str | None = None) -> list[str]:
        """One shell command: `nbgrader autograde` for each assignment, as a TA would run it."""
        nbg = str(venv_bin("nbgrader"))
        extra = f" --student={student}" if student else ""
        return ["/bin/sh", "-c", " && ".join(f"'{nbg}' autograde {a} --force{extra}" for a in assignments)]

    def scores(self) -> dict[tuple[str, str], tuple[float, float]]:
        """(student, assignment) -> (score, max_score), read from the gradebook in the venv."""
        script = (
            "import json, sys\n"
            "from nbgrader.api import Gradebook\n"
            "out = []\n"
            f"with Gradebook('sqlite:///' + {str(self.root / 'gradebook.db')!r}) as gb:\n"
            "    for a in gb.assignments:\n"
            "        for s in a.submissions:\n"
            "            out.append([s.student.id, a.name, s.score, s.max_score])\n"
            "print(json.dumps(out))\n")
        proc = subprocess.run([str(venv_bin("python")), "-c", script], capture_output=True, text=True, check=False,
                              env=self.env(), cwd=self.root)
        if proc.returncode != 0:
            return {}
        return {(s, a): (float(sc), float(mx)) for s, a, sc, mx in json.loads(proc.stdout)}


def timed(jobs: list[tuple[list[str], dict, Path]], log_dir: Path) -> tuple[float, list[int], int, list[str]]:
    """Start every command at once and wait for all: wall seconds, exit codes, peak RSS in KiB (the largest
    process of any tree: nbgrader or a kernel) and the tail of each one's log (kept in files: nbgrader logs a lot)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    procs, logs = [], []
    t0 = time.perf_counter()
    for k, (cmd, env, cwd) in enumerate(jobs):
        log = open(log_dir / f"job{k}.log", "w+")  # noqa: SIM115 - closed below, after every job ended
        logs.append(log)
        procs.append(subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL))
    mems = [TreeMemory(proc.pid) for proc in procs]
    codes = [proc.wait() for proc in procs]
    wall = time.perf_counter() - t0
    rss = max(m.stop().max_kib for m in mems)
    tails = []
    for log in logs:
        log.seek(0)
        lines = [ln.rstrip() for ln in log.read().splitlines() if "ERROR" in ln or "Traceback" in ln]
        tails.append(" | ".join(lines[-3:]))
        log.close()
    return wall, codes, rss, tails
