"""A ready Gradescope autograder: ``grade --gradescope-zip ASSIGNMENT ZIP`` builds it, its
``run_autograder`` grades one upload with :func:`run` (``python -m reports.gradescope run``).

What Gradescope asks of an autograder, as relied on here (Gradescope's "Autograder
Specifications", https://gradescope-autograders.readthedocs.io/en/latest/specs/, whose source
is ``docs/specs.md`` of https://github.com/gradescope/autograder_samples, read at its 2023
version; and that repository's ``docs/base_images.md`` and ``docs/best_practices.md``):

- the zip holds ``setup.sh`` (a Bash script run once, as root, when the image is built; the
  default image is Ubuntu 22.04, so ``apt-get`` works) and ``run_autograder`` (an executable
  with a ``#!`` line) at its root; it is extracted into ``/autograder/source`` and
  ``run_autograder`` is copied to ``/autograder/run_autograder``;
- for each submission the working directory is ``/autograder``, the student's upload is in
  ``/autograder/submission``, and ``run_autograder`` must write
  ``/autograder/results/results.json``; what it prints goes to ``results/stdout``, shown to
  instructors only;
- ``results.json``: top-level ``score`` (overrides the sum of the tests), ``execution_time``
  (seconds), ``output``, ``output_format``, ``test_output_format``, ``test_name_format``,
  ``visibility``, ``stdout_visibility``, ``extra_data`` and ``tests``; each test has ``score``,
  ``max_score``, ``status`` (``passed`` or ``failed``), ``name``, ``name_format``, ``number``,
  ``output``, ``output_format``, ``tags``, ``visibility`` and ``extra_data``;
- formats are ``text`` (nothing rendered), ``html`` (sanitised), ``simple_format`` (HTML plus
  line breaks, *the default of the top-level output*), ``md`` and ``ansi``: so every format
  is set to ``text`` here, and student text can never become HTML or Markdown;
- ``visibility`` is ``hidden`` (never shown to students), ``after_due_date``,
  ``after_published`` or ``visible`` (the default); while any test is not visible, students do
  not see their total score;
- best practices: always write a ``results.json`` even when grading fails, and keep student
  code away from the autograder's files (``chmod o=`` on ``source`` and ``results``).

Decisions:

- The grader itself ships *inside* the zip as a wheel built from this checkout (``pip wheel
  --no-deps``); ``setup.sh`` installs it into a virtual environment (``AUTOGRADER_ROOT/
  backprop-grader-venv``: Ubuntu 24.04's system Python refuses ``pip install``) with its
  dependencies from PyPI, and installs bubblewrap. The grader's own packages and the zip's
  files are then made unreadable to other users, so a sandbox that falls back to an
  unprivileged uid without namespaces cannot read the reference solutions.
- ``run_autograder`` grades one file: the only ``.py``/``.ipynb`` of the upload, else the one
  whose name holds the assignment's name (:func:`choose_submission`), always with
  ``--assignment``. Symbolic links are never graded (one could point at the solutions).
- Visibility: checks declare none, so every test is ``visible`` unless the bundle was built
  with ``--gradescope-hidden CATEGORY_OR_CHECK_ID[:WHEN]`` (stored in the bundle's
  ``backprop_grader.json``); the top-level output then speaks of the visible tests only.
- The top-level output is a plain-text summary (score, what could not be graded, mistakes
  named with a hint); each test's output holds its full text. The HTML report is not embedded
  (Gradescope sanitises HTML and would strip its styles and pictures); it is written to
  ``results/report.html`` for staff (Debug via SSH), which Gradescope does not show.
- Every path honours ``AUTOGRADER_ROOT`` (default ``/autograder``), so a bundle can be tried
  in a simulated tree. Whatever happens, ``results.json`` is written: a submission that cannot
  be graded scores 0 with an output saying why; if Python or the grader cannot even start,
  ``run_autograder`` writes a fixed one itself.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from grader.results import CATEGORIES, SubmissionResult

from .ci import GRADESCOPE_VISIBILITY, gradescope_json
from .tables import dumps_strict
from .text import printable, shorten

ROOT_ENV = "AUTOGRADER_ROOT"
DEFAULT_ROOT = "/autograder"
CONFIG_NAME = "backprop_grader.json"  #: the bundle's settings, in ``source/``
VENV_NAME = "backprop-grader-venv"  #: where setup.sh installs the grader, under the root
REPORT_NAME = "report.html"  #: the student's HTML report, under ``results/``
#: When tests named by ``--gradescope-hidden`` are shown to students, unless the option says.
DEFAULT_WHEN = "after_due_date"
WHEN_CHOICES = tuple(v for v in GRADESCOPE_VISIBILITY if v != "visible")
SUFFIXES = (".py", ".ipynb")
#: Folders and files of an upload that are never the student's work (zip and editor leftovers).
_IGNORED_DIRS = {"__MACOSX", "__pycache__", ".ipynb_checkpoints", ".git"}
_WALK_LIMIT = 10_000  #: entries looked at in an upload (a repository uploaded whole)
_LISTED = 10  #: file names listed in a message
_GRACE = 60.0  #: seconds given to the grader beyond its --total-timeout before it is stopped
_TEMPLATES = Path(__file__).parent / "templates" / "gradescope"
_WHEEL_NAME = re.compile(r"[A-Za-z0-9_.+-]+\.whl\Z")
#: What a wheel of the grader must hold to grade (checked after ``pip wheel``).
_WHEEL_NEEDS = ("grader/cli.py", "grader/sandbox/worker.py", "assignments/__init__.py",
                "reports/gradescope.py", "reports/templates/submission.html.j2", "solutions/__init__.py")


class BundleError(Exception):
    """The bundle cannot be built (the message says why, in one line)."""


# ---------------------------------------------------------------- visibility


def parse_hidden(values: Iterable[str], assignment: str) -> dict[str, str]:
    """``--gradescope-hidden`` values (``SELECTOR[:WHEN]``) -> ``{selector: visibility}``.

    A selector is a category (``gradient``) or a check id of the assignment
    (``convergence.task``); WHEN is one of :data:`WHEN_CHOICES`, :data:`DEFAULT_WHEN` if left
    out. Raises ``ValueError`` naming what is accepted.
    """
    from grader import registry

    ids = [spec.id for spec in registry.get(assignment).checks]
    out: dict[str, str] = {}
    for value in values:
        selector, _, when = value.partition(":")
        selector, when = selector.strip(), (when.strip() or DEFAULT_WHEN)
        if selector not in CATEGORIES and selector not in ids:
            raise ValueError(f"--gradescope-hidden {value!r}: {selector!r} is neither a category "
                             f"({', '.join(CATEGORIES)}) nor a check of {assignment} ({', '.join(ids)})")
        if when not in WHEN_CHOICES:
            raise ValueError(f"--gradescope-hidden {value!r}: say when the tests are shown: "
                             f"{', '.join(WHEN_CHOICES)} (default {DEFAULT_WHEN})")
        out[selector] = when
    return out


# ---------------------------------------------------------------- building the zip


def project_root() -> Path:
    """The checkout to build the grader's wheel from: the one holding the imported ``grader``
    package, else the current folder; a folder whose ``pyproject.toml`` names backprop-grader."""
    import grader

    for candidate in (Path(grader.__file__).resolve().parents[1], Path.cwd()):
        try:
            text = (candidate / "pyproject.toml").read_text(encoding="utf-8")
        except OSError:
            continue
        if re.search(r'^name\s*=\s*"backprop-grader"', text, re.M):
            return candidate
    raise BundleError("the grader's wheel is built from its source: run this in a checkout of backprop-grader "
                      "(no pyproject.toml of backprop-grader next to the installed grader or in this folder)")


def build_wheel(project: Path, dest: Path) -> Path:
    """``pip wheel --no-deps`` of ``project`` into ``dest``; returns the wheel.

    Built from a copy of the packages (no ``build/`` left over in the checkout, nothing written
    there); with pip's build isolation first, then with the installed setuptools (offline).
    """
    with tempfile.TemporaryDirectory(prefix="backprop-grader-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE", "setup.cfg", "MANIFEST.in"):
            if (project / name).is_file():
                shutil.copy2(project / name, src / name)
        _include_solutions(src / "pyproject.toml")
        from grader import registry

        answers = registry.solutions_dir() or project / "solutions"  # --solutions DIR, or the checkout's
        if not answers.is_dir():
            raise BundleError("no model answers to put in the autograder: run in the course's checkout or pass "
                              "--solutions DIR")
        copied = {"grader": project / "grader", "reports": project / "reports",
                  "assignments": project / "assignments", "solutions": answers}
        for package, source in copied.items():
            shutil.copytree(source, src / package, symlinks=False,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        if not (src / "solutions" / "__init__.py").is_file():
            (src / "solutions" / "__init__.py").write_text("")
        out = Path(tmp) / "dist"
        errors = []
        for extra in ([], ["--no-build-isolation"]):
            proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", *extra,
                                   "-w", str(out), str(src)],
                                  capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
            wheels = sorted(out.glob("backprop_grader-*.whl"))
            if proc.returncode == 0 and wheels:
                break
            lines = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
            errors.append(lines[-1].strip() if lines else f"exit {proc.returncode}")
        else:
            raise BundleError("pip could not build the grader's wheel: " + "; ".join(errors))
        wheel = wheels[-1]
        if not _WHEEL_NAME.match(wheel.name):
            raise BundleError(f"unexpected wheel name {wheel.name!r}")
        with zipfile.ZipFile(wheel) as zf:
            missing = [n for n in _WHEEL_NEEDS if n not in zf.namelist()]
        if missing:
            raise BundleError(f"the wheel built from {project} lacks {', '.join(missing)}")
        dest.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheel, dest / wheel.name))


def _include_solutions(pyproject: Path) -> None:
    """The copy's ``pyproject.toml`` made to package ``solutions/`` too: the package students install leaves
    the model answers out, but a Gradescope autograder is the course's grader and needs them (its files
    are kept from student code by ``_protect`` and ``setup.sh``)."""
    text = pyproject.read_text(encoding="utf-8")
    found = re.search(r'^(include\s*=\s*\[)([^\]]*)\]', text, re.M)
    if found is None:
        raise BundleError(f"{pyproject.name} has no [tool.setuptools.packages.find] include list to add solutions to")
    if '"solutions*"' not in found.group(2):
        text = text[:found.end(2)] + ', "solutions*"' + text[found.end(2):]
        pyproject.write_text(text, encoding="utf-8")


def _render(name: str, **values: str) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=False, undefined=StrictUndefined,
                      keep_trailing_newline=True)
    return env.get_template(name).render(**values)


def fallback_results(assignment: str, max_score: float) -> dict[str, Any]:
    """The ``results.json`` ``run_autograder`` writes itself when the grader cannot start at all."""
    why = ("The autograder could not start the grader (it is not installed: setup.sh failed, or this is not "
           "the image it built). This is not a problem with your submission: please tell your course staff.")
    return {
        "score": 0.0, "execution_time": 0.0, "output": why, "output_format": "text", "test_output_format": "text",
        "test_name_format": "text", "visibility": "visible", "stdout_visibility": "hidden",
        "extra_data": {"assignment": assignment, "status": "error", "max_score": max_score},
        "tests": [{"name": "Submission could not be graded", "number": "0.1", "score": 0.0, "max_score": max_score,
                   "status": "failed", "output": why, "visibility": "visible"}],
    }


def _max_score(assignment: str) -> float:
    from grader import registry

    return float(sum(spec.points for spec in registry.get(assignment).checks))


def build_bundle(assignment: str, zip_path: Path, *, hidden: dict[str, str] | None = None,
                 options: dict[str, Any] | None = None, project: Path | None = None) -> Path:
    """Write the Gradescope autograder zip for ``assignment`` to ``zip_path``; returns it.

    The zip holds ``setup.sh``, ``run_autograder``, the grader's wheel, :data:`CONFIG_NAME`
    (assignment, visibility rules, the ``grade`` options to use) and a short ``README.txt``.
    """
    from grader import __version__, registry

    if assignment not in registry.names():
        raise BundleError(f"unknown assignment {assignment!r} (one of {', '.join(registry.names())})")
    max_score = _max_score(assignment)
    config = {"assignment": assignment, "hidden": dict(hidden or {}), "options": dict(options or {}),
              "grader_version": __version__, "max_score": max_score}
    with tempfile.TemporaryDirectory(prefix="backprop-grader-bundle-") as tmp:
        wheel = build_wheel(project or project_root(), Path(tmp))
        config["wheel"] = wheel.name
        fallback = json.dumps(fallback_results(assignment, max_score), ensure_ascii=True)
        assert "'" not in fallback  # it goes between single quotes in run_autograder
        values = {"assignment": shlex.quote(assignment), "version": shlex.quote(__version__),
                  "wheel": shlex.quote(wheel.name), "venv": shlex.quote(VENV_NAME), "config": shlex.quote(CONFIG_NAME),
                  "report": shlex.quote(REPORT_NAME), "fallback_json": fallback}
        files = [
            ("setup.sh", _render("setup.sh.j2", **values), 0o755),
            ("run_autograder", _render("run_autograder.j2", **values), 0o755),
            (CONFIG_NAME, dumps_strict(config) + "\n", 0o644),
            ("README.txt", _render("README.txt.j2", **values), 0o644),
        ]
        zip_path = Path(zip_path)
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        partial = zip_path.with_name(f".{zip_path.name}.{os.getpid()}.tmp")
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
                for name, text, mode in files:
                    _add(zf, name, text.encode("utf-8"), mode)
                _add(zf, wheel.name, wheel.read_bytes(), 0o644, zipfile.ZIP_STORED)  # a wheel is a zip already
            os.replace(partial, zip_path)
        finally:
            partial.unlink(missing_ok=True)
    return zip_path


def _add(zf: zipfile.ZipFile, name: str, data: bytes, mode: int, compress: int = zipfile.ZIP_DEFLATED) -> None:
    """One file at the zip's root, with Unix permissions (so ``run_autograder`` stays executable)."""
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.external_attr = (0o100000 | mode) << 16
    info.create_system = 3  # Unix: the permissions above are read
    info.compress_type = compress
    zf.writestr(info, data)


def bundle_command(args: Any) -> int:
    """``grade --gradescope-zip ASSIGNMENT ZIP [--gradescope-hidden ...]``: 0 built, 2 usage, 4 build failed."""
    if not args.gradescope_zip:
        print("grade: --gradescope-hidden only applies with --gradescope-zip ASSIGNMENT ZIP", file=sys.stderr)
        return 2
    assignment, zip_name = args.gradescope_zip
    from grader import registry

    if assignment not in registry.names():
        print(f"grade: --gradescope-zip: unknown assignment {assignment!r} (one of {', '.join(registry.names())})",
              file=sys.stderr)
        return 2
    if args.paths:
        print("grade: --gradescope-zip builds an autograder and grades nothing: give no PATH", file=sys.stderr)
        return 2
    if args.timeout <= 0 or args.total_timeout <= 0 or args.memory < 256:
        print("grade: timeouts must be positive, --memory at least 256 MB", file=sys.stderr)
        return 2
    try:
        hidden = parse_hidden(args.gradescope_hidden, assignment)
    except ValueError as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return 2
    options = {"timeout": args.timeout, "total_timeout": args.total_timeout, "memory": args.memory,
               "diagnose": not args.no_diagnosis}
    try:
        path = build_bundle(assignment, Path(zip_name), hidden=hidden, options=options)
    except BundleError as exc:
        print(f"grade: cannot build the Gradescope autograder: {exc}", file=sys.stderr)
        return 4
    except OSError as exc:
        print(f"grade: cannot write {zip_name}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        shown = ", ".join(f"{k} ({v})" for k, v in hidden.items()) or "none (every test visible)"
        print(f"Gradescope autograder for {assignment} written to {path} ({path.stat().st_size // 1024} KiB); "
              f"tests not visible: {shown}. Upload it as the assignment's autograder (README: Gradescope).")
    return 0


# ---------------------------------------------------------------- grading one upload


def choose_submission(folder: Path, assignment: str) -> tuple[Path | None, str, list[str]]:
    """The file of the upload in ``folder`` to grade as ``assignment``: ``(path, why_not, others)``.

    Candidates are the regular ``.py``/``.ipynb`` files at any depth (not hidden, not in
    ``__MACOSX``, ``__pycache__``, ``.ipynb_checkpoints``, ``.git``; symbolic links are never
    followed nor graded). One candidate is graded whatever its name; among several, the only
    one whose name holds the assignment's name (``-`` and spaces read as ``_``, any case), and
    among several of those the only one named exactly so (``hw2.py``). Otherwise nothing
    is graded and ``why_not`` says why. ``others`` names (relative) the candidates not graded.
    """
    found: list[Path] = []
    links: list[str] = []
    seen = 0
    try:
        if folder.is_symlink() or not folder.is_dir():
            return None, "Your submission is empty: no file was uploaded.", []
        for top, dirs, files in os.walk(folder, followlinks=False):
            dirs[:] = sorted(d for d in dirs if d not in _IGNORED_DIRS and not d.startswith("."))
            for name in sorted(files):
                seen += 1
                if seen > _WALK_LIMIT:
                    break
                if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                    continue
                path = Path(top) / name
                if path.is_symlink():
                    links.append(_rel(path, folder))
                elif path.is_file():
                    found.append(path)
            for d in list(dirs):
                if (Path(top) / d).is_symlink():
                    dirs.remove(d)
                    links.append(_rel(Path(top) / d, folder) + "/")
            if seen > _WALK_LIMIT:
                break
    except OSError as exc:
        return None, f"Your submission could not be read ({exc.strerror or exc}).", []
    note = f" Not graded, being symbolic links: {_names(links)}." if links else ""
    if not found:
        return None, (f"No .py or .ipynb file in your submission: upload your {assignment}.py "
                      f"(or .ipynb).{note}"), links
    key = assignment.lower()

    def norm(path: Path) -> str:
        return re.sub(r"[\s-]+", "_", path.name.lower())

    choice: Path | None = None
    if len(found) == 1:
        choice = found[0]
    else:
        named = [p for p in found if key in norm(p)]
        exact = [p for p in named if norm(p) in (key + s for s in SUFFIXES)]
        if len(named) == 1:
            choice = named[0]
        elif len(exact) == 1:
            choice = exact[0]
        elif named:
            return None, (f"Several files could be your {assignment}: {_names(_rel(p, folder) for p in named)}. "
                          f"Upload only one.{note}"), [_rel(p, folder) for p in found]
        else:
            return None, (f"Your submission has several .py/.ipynb files ({_names(_rel(p, folder) for p in found)}) "
                          f"and none has {assignment} in its name: upload only your {assignment}.py "
                          f"(or name it so).{note}"), [_rel(p, folder) for p in found]
    others = [_rel(p, folder) for p in found if p != choice] + links
    return choice, "", others


def _rel(path: Path, folder: Path) -> str:
    try:
        return printable(str(path.relative_to(folder)))
    except ValueError:
        return printable(path.name)


def _names(names: Iterable[str]) -> str:
    names = list(names)
    shown = ", ".join(shorten(n, 120) for n in names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


def autograder_root() -> Path:
    """``AUTOGRADER_ROOT``, or ``/autograder``."""
    return Path(os.environ.get(ROOT_ENV) or DEFAULT_ROOT)


def _ungraded(assignment: str, max_score: float, path: str, why: str, status: str = "error") -> SubmissionResult:
    return SubmissionResult("submission", assignment, path, status, score=0.0, max_score=max_score, message=why)


def _protect(root: Path) -> None:
    """As root: what student code must not read or write (the zip's files, results, other users' data)
    loses every permission of other users (Gradescope's best practices: ``chmod o=``)."""
    if os.name != "posix" or os.geteuid() != 0:
        return
    for path in (root / "source", root / "results", root / "submission_metadata.json"):
        try:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode & 0o7770)
        except OSError:
            pass


def _grade(file: Path, assignment: str, options: dict[str, Any], work: Path) -> tuple[int, str, Path]:
    """Run ``grade FILE --assignment A`` into ``work/out``; (exit code, stderr, out). Never longer
    than the grader's own limit plus :data:`_GRACE`."""
    out = work / "out"
    total = float(options.get("total_timeout", 120.0))
    cmd = [sys.executable, "-m", "grader", str(file), "--assignment", assignment, "--out", str(out),
           "--jobs", "1", "--no-cache", "--quiet",
           "--timeout", str(float(options.get("timeout", 10.0))), "--total-timeout", str(total),
           "--memory", str(int(options.get("memory", 2048)))]
    if options.get("diagnose") is False:
        cmd.append("--no-diagnosis")
    proc = subprocess.Popen(cmd, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=total + _GRACE)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        stdout, stderr = proc.communicate()
        return -1, f"the grader did not finish within {total + _GRACE:.0f} s", out
    if stdout.strip():
        print(stdout.rstrip())
    return proc.returncode, stderr, out


def _why_not_run(code: int, stderr: str) -> str:
    """What a student reads when ``grade`` wrote no result (its one-line error kept, as text)."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    said = shorten(printable(lines[-1] if lines else f"exit code {code}"), 500)
    if code == 4 or "refusing to run" in said:
        return ("The grader cannot run code safely on this machine, so your submission was not run. "
                f"This is not a problem with your submission: please tell your course staff.\n{said}")
    if code == -1:
        return f"Grading did not finish in time ({said}): look for code that runs for a long time at import."
    if code == 2:  # a usage error: the file could not be read or taken as a submission
        return f"The grader could not take your file as a submission.\n{said}"
    return ("The grader failed on your submission. This is not a problem with your submission: please tell "
            f"your course staff.\n{said}")


def run(root: Path | None = None) -> dict[str, Any]:
    """Grade the upload in ``root/submission`` and write ``root/results/results.json``; returns it.

    Never raises for anything about the submission: whatever goes wrong, a ``results.json``
    with a score of 0 and an output saying why is written.
    """
    start = time.monotonic()
    root = root or autograder_root()
    results_dir = root / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    target = results_dir / "results.json"
    target.unlink(missing_ok=True)  # a stale file must not stand for this run
    assignment, max_score, hidden, extra = "", 100.0, {}, {}
    header: list[str] = []
    try:
        config = json.loads((root / "source" / CONFIG_NAME).read_text(encoding="utf-8"))
        assignment, hidden, options = config["assignment"], dict(config.get("hidden") or {}), dict(config.get("options") or {})
        max_score = float(config.get("max_score") or _max_score(assignment))
        _protect(root)
        file, why, others = choose_submission(root / "submission", assignment)
        extra["not_graded"] = others[:_LISTED]
        if file is None:
            result = _ungraded(assignment, max_score, "", why)
        else:
            rel = _rel(file, root / "submission")
            header.append(f"Graded file: {rel}")
            if others:
                header.append(f"Not graded (only one file is): {_names(others)}")
            extra["file"] = rel
            print(f"run_autograder: grading {rel} as {assignment}")
            with tempfile.TemporaryDirectory(prefix="backprop-grader-") as tmp:  # mode 700: no sandbox reads it
                code, stderr, out = _grade(file, assignment, options, Path(tmp))
                extra["grade_exit_code"] = code
                if stderr.strip():
                    print(shorten(printable(stderr.strip()), 4000), file=sys.stderr)
                result = None
                try:
                    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
                    sub = data["submissions"][0]
                    result = SubmissionResult.from_dict(sub)
                    if sub.get("report") and (out / sub["report"]).is_file():
                        shutil.copyfile(out / sub["report"], results_dir / REPORT_NAME)
                except (OSError, ValueError, KeyError, IndexError, TypeError):
                    pass
                if result is None:
                    result = _ungraded(assignment, max_score, rel, _why_not_run(code, stderr))
            result.path = rel
    except Exception as exc:  # noqa: BLE001 - a results.json must exist whatever failed
        result = _ungraded(assignment, max_score, "", "The autograder failed "
                           f"({type(exc).__name__}: {shorten(printable(str(exc)), 300)}). This is not a problem "
                           "with your submission: please tell your course staff.")
        print(f"run_autograder: internal error: {type(exc).__name__}: {printable(str(exc))}", file=sys.stderr)
    results = finish(result, hidden, header, extra, time.monotonic() - start)
    partial = target.with_name(f".{target.name}.tmp")
    partial.write_text(dumps_strict(results) + "\n", encoding="utf-8")
    os.replace(partial, target)
    print(f"run_autograder: score {results['score']} of {results['extra_data'].get('max_score')}, "
          f"status {results['extra_data'].get('status')}, sandbox {result.sandbox or '-'}; wrote {target}")
    return results


def finish(result: SubmissionResult, hidden: dict[str, str], header: Sequence[str], extra: dict[str, Any],
           seconds: float) -> dict[str, Any]:
    """``results.json`` for ``result``: :func:`~reports.ci.gradescope_json` with only the documented
    top-level fields (the maximum goes to ``extra_data``), the file graded first in the output."""
    data = gradescope_json(result, hidden)
    data.pop("max_score", None)
    data["execution_time"] = round(max(seconds, 0.0), 3)
    if header:
        data["output"] = "\n".join(header) + "\n\n" + data["output"]
    data["extra_data"].update(extra, sandbox=result.sandbox)
    return data


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m reports.gradescope run``: what ``run_autograder`` calls."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv != ["run"]:
        print("usage: python -m reports.gradescope run   (grades $AUTOGRADER_ROOT/submission, default /autograder; "
              "build the autograder with `grade --gradescope-zip ASSIGNMENT ZIP`)", file=sys.stderr)
        return 2
    run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
