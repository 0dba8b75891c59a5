"""Finding submissions: which files, which student, which assignment.

ASSIGNMENTS.md: a submission is one ``.py`` or ``.ipynb`` file whose name
contains the assignment's name. ``submissions/<student>/<file>`` names the
student after the folder; a flat ``submissions/<file>`` names them after the
file's name without the assignment's name. Python files and notebooks that
match no assignment are kept, as ``unrecognised``, so nothing is dropped
silently.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

SUFFIXES = (".py", ".ipynb")
_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git", "node_modules", ".venv", "venv"}


@dataclass(frozen=True)
class Submission:
    path: Path
    student: str
    assignment: str  #: "" when the name matches no assignment
    problem: str = ""  #: why this path cannot be graded at all (reported as an error, never dropped)


class DiscoveryError(Exception):
    """A path given on the command line cannot be used."""


def match_assignment(filename: str, assignments: tuple[str, ...]) -> str:
    """The assignment whose name the file's name contains (the longest such name)."""
    stem = Path(filename).stem.lower()
    hits = [a for a in assignments if a in stem]
    return max(hits, key=len) if hits else ""


def student_from_name(filename: str, assignment: str) -> str:
    """``alice_xor_mlp.py`` -> ``alice``; ``xor_mlp.py`` -> ``""``."""
    stem = Path(filename).stem
    if assignment:
        stem = re.sub(re.escape(assignment), " ", stem, flags=re.IGNORECASE)
    return re.sub(r"[\s_\-.]+", " ", stem).strip().replace(" ", "_")


def discover(paths: list[Path], assignments: tuple[str, ...], forced: str | None = None) -> list[Submission]:
    """Every submission under ``paths``, in a stable order."""
    found: list[Submission] = []
    for path in paths:
        if not path.exists():
            raise DiscoveryError(f"no such file or folder: {path}")
        if path.is_file():
            if path.suffix not in SUFFIXES:
                raise DiscoveryError(f"{path} is not a .py file or a .ipynb notebook")
            found.append(_one(path, path.parent.name, assignments, forced, flat=True))
        elif path.is_dir():
            found += _folder(path, assignments, forced)
        else:
            raise DiscoveryError(f"{path} is neither a file nor a folder")
    return _unique(found)


def _folder(root: Path, assignments: tuple[str, ...], forced: str | None) -> list[Submission]:
    """The folder's own entries are the TA's layout (links followed); below them, the students' files."""
    out = []
    try:
        entries = sorted(root.iterdir())
    except OSError as exc:
        raise DiscoveryError(f"cannot read the folder {root}: {exc.strerror}") from None
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _IGNORED_DIRS:
            continue
        if entry.is_file() and entry.suffix in SUFFIXES:
            out.append(_one(entry, "", assignments, forced, flat=True))
        elif entry.is_dir():
            for file, problem in sorted(_files(entry)):
                if problem:
                    out.append(Submission(file, clean_name(entry.name), "", problem))
                else:
                    out.append(_one(file, entry.name, assignments, forced, flat=False))
    return out


def _files(folder: Path):
    """(path, problem) for every .py/.ipynb below a student's folder.

    Links are not followed: a student's folder (a cloned repository, an
    unpacked archive) could otherwise point the grader, which reads files with
    the TA's rights, at the reference solutions, at another student's work or
    at ``/``. A link that would matter is reported, not dropped.
    """
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        yield folder, f"cannot read the folder {folder.name}: {exc.strerror or exc}"
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _IGNORED_DIRS:
            continue
        if entry.is_symlink():
            if entry.suffix in SUFFIXES or entry.is_dir():
                yield entry, (f"{entry.name} is a symbolic link; the grader does not follow links inside "
                              "a student's folder: hand in the file itself")
        elif entry.is_dir():
            yield from _files(entry)
        elif entry.suffix in SUFFIXES:
            yield entry, "" if entry.is_file() else f"{entry.name} is not a regular file"


def _one(path: Path, folder: str, assignments: tuple[str, ...], forced: str | None, flat: bool) -> Submission:
    assignment = forced or match_assignment(path.name, assignments)
    student = student_from_name(path.name, assignment) if flat else folder
    return Submission(path, clean_name(student or folder or path.stem), assignment)


def clean_name(name: str) -> str:
    """A student's name as every report may show it: one line, no control or format characters.

    Names come from file and folder names, which a student may choose: a newline
    would forge lines in CI logs, an escape sequence would drive the TA's terminal.
    """
    return "".join("?" if unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp") else ch
                   for ch in name).strip() or "?"


def _unique(subs: list[Submission]) -> list[Submission]:
    """Two files of one student for one assignment are both graded, told apart by file name."""
    seen: dict[tuple[str, str], int] = {}
    for s in subs:
        seen[(s.student, s.assignment)] = seen.get((s.student, s.assignment), 0) + 1
    out, paths = [], set()
    for s in subs:
        # the same file named twice (the TA's own links) is graded once; a reported link is never resolved,
        # so it cannot hide the file it points at (another student's), and a link loop cannot raise
        key = os.path.abspath(s.path) if s.problem else os.path.realpath(s.path)
        if key in paths:
            continue
        paths.add(key)
        if seen[(s.student, s.assignment)] > 1:
            s = replace(s, student=f"{s.student} ({s.path.name})")
        out.append(s)
    return out
