"""``check("hw2")`` in a notebook: grade the code the kernel ran and show the report inline.

A student writes ``from grader import check`` and ``check("hw2")`` in a cell. The grader
grades, in its sandbox and with :func:`grader.runner.grade_submission` and default ``Options``
exactly as ``grade`` would, the notebook's code *as the kernel ran it*: the kernel's input
history (``In``), every executed cell in execution order, re-runs included (a later definition
overrides an earlier one, as in the kernel). That history becomes a notebook whose code cell *n*
is ``In [n]``, so "cell 4, line 2" in the report is the cell that ran as ``[4]``. From it:

* statements that call ``check(...)`` or import ``grader`` are dropped, in every cell (the sandbox
  has no grader, and grading must not recurse);
* IPython magics and shell escapes (``%matplotlib``, ``!pip``) are dropped by the notebook reader,
  as ``grade`` drops them in a submitted ``.ipynb`` (``%%time`` cells keep their Python);
* a cell that did not compile is listed in the report as not run (the kernel did not run it either).

``check()`` without a name guesses the assignment from the notebook's file name, read from the
kernel's namespace: ``__vsc_ipynb_file__`` (VS Code), else ``__session__`` (set by Jupyter Server
from ``JPY_SESSION_NAME``: the notebook's path). Anywhere else (nbclient, ``ipython``, Colab) the
name must be given. ``check("hw2", "path/to/file.ipynb")`` grades a file (``.py`` or
``.ipynb``) instead, also outside Jupyter.

The answer is a :class:`Report`: its HTML (``reports.html``, pictures included) is shown in an
``<iframe srcdoc>`` so that the report's styles never reach the Jupyter page, and its ``repr`` is
the terminal report. Anything that stops grading is a :class:`CheckError`, shown by IPython as
one line without a traceback. IPython is imported only inside functions: ``check`` on a file works
without it.
"""
from __future__ import annotations

import ast
import html
import io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .discover import Submission
    from .results import SubmissionResult

#: Names in the kernel's namespace that hold the notebook's path, in the order they are trusted.
NOTEBOOK_NAME_VARIABLES = ("__vsc_ipynb_file__", "__session__")
IFRAME_HEIGHT = 640  #: pixels; the frame scrolls, and the reader can drag its corner
_TEXT_WIDTH = 100  #: columns of the plain-text report


class CheckError(Exception):
    """Why ``check`` graded nothing; IPython shows it as its one line (``_render_traceback_``)."""

    def _render_traceback_(self) -> list[str]:
        return [f"check: {self}"]


# --------------------------------------------------------------------------- the entry point


def check(assignment: str | None = None, path: str | os.PathLike[str] | None = None) -> Report:
    """Grade this notebook's executed code (or the file ``path``) as ``assignment`` and show the report.

    ``assignment`` defaults to the one the notebook's (or file's) name contains. Returns the
    :class:`Report`; in IPython it is also displayed at once, so ``r = check("hw2")`` shows it.
    """
    from . import registry

    try:
        names = registry.names()
    except registry.RegistryError as exc:  # the course's assignment folder is broken: its one line
        raise CheckError(str(exc)) from None
    if assignment is not None and assignment not in names:
        raise CheckError(f"unknown assignment {assignment!r} (known: {', '.join(names)})")
    if path is not None:
        report = _check_file(Path(path), assignment, names)
    else:
        report = _check_notebook(assignment, names)
    report.show()
    return report


def _check_file(path: Path, assignment: str | None, names: tuple[str, ...]) -> Report:
    """``check(name, path)``: the file graded as ``grade path`` grades it."""
    from .discover import DiscoveryError, find

    if path.is_dir():
        raise CheckError(f"{path} is a folder: give the file to grade (use `grade {path}` for a folder)")
    try:
        subs = find([path], names, assignment).submissions
    except DiscoveryError as exc:
        raise CheckError(str(exc)) from None
    if not subs[0].assignment:
        raise CheckError(f"the name {path.name!r} names no assignment: give it, "
                         f"e.g. check({names[0]!r}, {str(path)!r})")
    return Report(_grade(subs[0]))


def _check_notebook(assignment: str | None, names: tuple[str, ...]) -> Report:
    """``check()`` / ``check(name)`` in a kernel: the executed cells graded as a notebook."""
    shell = _shell(names)
    notebook = notebook_path(shell.user_ns)
    assignment = assignment or _guess(notebook, names)
    cells = [source for _, source in executed_cells(shell)]
    if not any(c.strip() for c in cells):
        raise CheckError(f"nothing to grade: run the cells that define your functions, then check({assignment!r})")
    from .discover import find, student_from_name

    with tempfile.TemporaryDirectory(prefix="check-") as folder:
        file = Path(folder) / f"{assignment}.ipynb"
        file.write_text(json.dumps(notebook_json(cells)), encoding="utf-8")
        _copy_helpers(Path(notebook).parent if notebook else Path.cwd(), Path(folder))
        result = _grade(find([file], names, assignment).submissions[0])
    result.path = notebook or f"this notebook's cells In [1] to [{len(cells)}]"
    result.student = (student_from_name(Path(notebook).name, assignment) or "you") if notebook else "you"
    return Report(result)


def _copy_helpers(source: Path, dest: Path) -> None:
    """The ``.py`` modules beside the notebook (``nn_utils.py``), copied beside the cells graded, so that an
    ``import nn_utils`` works as it does in the kernel; the grader ships the imported ones into the sandbox.
    Regular files with a module's name only (no links), within the bounds ``grade`` ships helpers by."""
    from .load import MAX_HELPER_BYTES, MAX_HELPER_FILES

    total = 0
    try:
        candidates = sorted(source.glob("*.py"))[:MAX_HELPER_FILES]
    except OSError:
        return
    for path in candidates:
        try:
            if not path.stem.isidentifier() or path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
        except OSError:
            continue
        total += len(data)
        if total > MAX_HELPER_BYTES:
            break
        (dest / path.name).write_bytes(data)


def _grade(sub: Submission) -> SubmissionResult:
    """``sub`` graded as ``grade`` grades one file: the same sandbox refusal rule, function and default options."""
    from .runner import Options, grade_submission
    from .sandbox import isolation

    refused = isolation.refusal(isolation.detect(), 1)
    if refused and not isolation.unsafe_allowed():
        raise CheckError(f"refusing to run your code: {refused}; install bubblewrap, or set "
                         f"{isolation.UNSAFE_ENV}=1 to run it anyway")
    return grade_submission(sub, Options())


def _shell(names: tuple[str, ...]) -> Any:
    """The running IPython shell; a one-line error outside IPython (then a file must be given)."""
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None  # noqa: N806 - the name IPython gives it
    shell = get_ipython() if get_ipython is not None else None
    if shell is None:
        raise CheckError(f"outside Jupyter/IPython give the file to grade, e.g. check({names[0]!r}, "
                         f"'my_{names[0]}.py')")
    return shell


# --------------------------------------------------------------------------- which notebook, which assignment


def notebook_path(user_ns: dict[str, Any]) -> str:
    """The notebook's path as the front end told the kernel (see ``NOTEBOOK_NAME_VARIABLES``), or ""."""
    for variable in NOTEBOOK_NAME_VARIABLES:
        value = user_ns.get(variable)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _guess(notebook: str, names: tuple[str, ...]) -> str:
    """The assignment the notebook's name contains; a one-line error when there is none."""
    from .discover import match_assignment

    if not notebook:
        raise CheckError(f"cannot tell which assignment this notebook is: give its name, e.g. check({names[0]!r})")
    found = match_assignment(Path(notebook).name, names)
    if not found:
        raise CheckError(f"the notebook's name {Path(notebook).name!r} names no assignment: give it, "
                         f"e.g. check({names[0]!r})")
    return found


# --------------------------------------------------------------------------- the code the kernel ran


def executed_cells(shell: Any) -> list[tuple[int, str]]:
    """``(n, code)`` for every input ``In [n]`` the kernel ran, in order, without the calls to ``check``.

    The raw input is kept (the notebook reader drops magics as ``grade`` does), except in a cell
    that calls ``check`` or imports ``grader``: there IPython's translation (``In``, plain Python) is
    used, without those statements and those that call IPython (``get_ipython()``: magics, ``!``).
    """
    parsed = list(shell.user_ns.get("In") or shell.history_manager.input_hist_parsed)
    raw = list(getattr(shell.history_manager, "input_hist_raw", parsed))
    cells = []
    for n in range(1, len(parsed)):
        source = raw[n] if n < len(raw) else parsed[n]
        kept = without_check(parsed[n])
        cells.append((n, source if kept is None else kept))
    return cells


def without_check(code: str) -> str | None:
    """``code`` without its top-level statements that call ``check`` or import ``grader``, or call
    ``get_ipython()``; ``None`` when it has none of the first two (or does not parse: the kernel ran none of it)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    aliases, modules = _check_names(tree)
    drop = [s for s in tree.body if _is_check_import(s) or _calls(s, aliases, modules)]
    if not drop:
        return None
    drop += [s for s in tree.body if s not in drop and _calls_ipython(s)]
    return "\n".join(_kept_lines(code, tree.body, drop))


def _kept_lines(code: str, body: list[ast.stmt], drop: list[ast.stmt]) -> list[str]:
    """``code``'s lines with the dropped statements blanked (line numbers unchanged); a kept one-line
    statement that shared a line with a dropped one stays (``import numpy as np; check()``)."""
    lines = code.split("\n")
    touched = {i for stmt in drop for i in range(stmt.lineno - 1, stmt.end_lineno or stmt.lineno)}
    kept_there: dict[int, list[str]] = {}
    for stmt in body:
        if stmt not in drop and stmt.lineno == stmt.end_lineno and stmt.lineno - 1 in touched:
            kept_there.setdefault(stmt.lineno - 1, []).append(ast.get_source_segment(code, stmt) or "")
    for i in touched:
        indent = lines[i][:len(lines[i]) - len(lines[i].lstrip())]
        lines[i] = indent + "; ".join(kept_there[i]) if i in kept_there else ""
    return lines


def _check_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(names bound to ``grader.check``, names bound to the ``grader`` module) in ``tree``."""
    aliases, modules = {"check"}, {"grader"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "grader":
            aliases |= {a.asname or a.name for a in node.names if a.name == "check"}
        elif isinstance(node, ast.Import):
            modules |= {a.asname or a.name for a in node.names if a.name == "grader"}
    return aliases, modules


def _is_check_import(stmt: ast.stmt) -> bool:
    """``from grader import check`` (any spelling) or ``import grader``: the sandbox has no grader."""
    if isinstance(stmt, ast.ImportFrom):
        return (stmt.module or "").split(".")[0] == "grader"
    return isinstance(stmt, ast.Import) and any(a.name.split(".")[0] == "grader" for a in stmt.names)


def _calls(stmt: ast.stmt, aliases: set[str], modules: set[str]) -> bool:
    """Does ``stmt`` call ``check`` (``check(...)``, ``grader.check(...)``) anywhere in it?"""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in aliases:
                return True
            if isinstance(f, ast.Attribute) and f.attr == "check" and isinstance(f.value, ast.Name) \
                    and f.value.id in modules:
                return True
    return False


def _calls_ipython(stmt: ast.stmt) -> bool:
    """Does ``stmt`` call ``get_ipython()`` (what IPython turns magics and ``!`` lines into)?"""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "get_ipython"
               for n in ast.walk(stmt))


def notebook_json(cells: Iterable[str]) -> dict[str, Any]:
    """A minimal nbformat-4 notebook whose code cells are ``cells`` (written as JSON: nbformat is slow to import)."""
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"cell-{i}", "metadata": {},
                   "outputs": [], "source": source} for i, source in enumerate(cells, 1)],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


# --------------------------------------------------------------------------- the report


class Report:
    """One graded submission as Jupyter shows it: HTML in an isolated frame, or the terminal text."""

    def __init__(self, result: SubmissionResult) -> None:
        self.result = result
        self._shown_in: int | None = None  # the execution count of the cell ``check`` displayed it in

    @property
    def score(self) -> float:
        return self.result.score

    @property
    def max_score(self) -> float:
        return self.result.max_score

    @property
    def checked_max(self) -> float:
        """The points this install could check (the maximum, less what your course's grader checks)."""
        return self.result.checked_max

    @property
    def mistakes(self) -> list[str]:
        """Every mistake id the checks named, once each."""
        return self.result.mistakes

    @property
    def passed(self) -> bool:
        """Graded, and every check that ran passed."""
        return self.result.status == "graded" and all(c.passed or c.held for c in self.result.checks)

    def __repr__(self) -> str:
        """The report as ``grade FILE`` prints it (no colours)."""
        from rich.console import Console

        from reports.terminal import print_submission

        out = io.StringIO()
        console = Console(file=out, width=_TEXT_WIDTH, color_system=None, force_terminal=False,
                          force_jupyter=False, highlight=False)
        print_submission(self.result, console, github=False)
        return out.getvalue().rstrip("\n")

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """A one-line score, then the full HTML report in an ``<iframe srcdoc>``: its CSS stays inside."""
        from reports.html import render_submission
        from reports.text import fmt_num

        page = render_submission(self.result)
        r = self.result
        if r.status != "graded":
            headline = f"{r.assignment or '?'}: not graded ({r.status})"
        elif r.held_points:  # student mode: out of the points checked here, as the report says
            headline = (f"{r.assignment or '?'}: {fmt_num(r.score)}/{fmt_num(r.checked_max)} of the points checked "
                        f"here ({fmt_num(r.held_points)} more are checked by your course's grader)")
        else:
            headline = f"{r.assignment or '?'}: {fmt_num(r.score)}/{fmt_num(r.max_score)} points"
        mistakes = f" · mistakes: {', '.join(r.mistakes)}" if r.mistakes else ""
        return (f'<div class="backprop-grader-report"><p><b>{html.escape(headline + mistakes)}</b></p>'
                f'<iframe title="grader report" sandbox="" srcdoc="{html.escape(page, quote=True)}" '
                f'style="width:100%;height:{IFRAME_HEIGHT}px;border:1px solid #dde1e8;border-radius:6px;'
                f'resize:vertical;overflow:auto"></iframe></div>')

    def show(self) -> None:
        """Display now, when in IPython (a later bare ``r`` shows it again; this cell's own result does not)."""
        try:
            from IPython import get_ipython
        except ImportError:
            return
        shell = get_ipython()
        if shell is None:
            return
        self._display()
        self._shown_in = getattr(shell, "execution_count", None)

    def _ipython_display_(self) -> None:
        """IPython's hook: show the report, unless ``check`` already showed it in this same cell."""
        from IPython import get_ipython

        shell = get_ipython()
        if self._shown_in is not None and shell is not None and shell.execution_count == self._shown_in:
            return
        self._display()

    def _display(self) -> None:
        from IPython.display import display

        display({"text/html": self._repr_html_(), "text/plain": repr(self)}, raw=True)
